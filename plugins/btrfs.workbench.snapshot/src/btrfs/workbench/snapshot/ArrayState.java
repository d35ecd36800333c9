package btrfs.workbench.snapshot;

import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FsDevice;

/**
 * The array as a snapshot records it, so that it can be looked at without any device: the
 * superblock summary, the devices, and the chunk map of the block groups holding tree blocks.
 */
public record ArrayState(String fsid, String metadataUuid, String label, long generation, int nodesize,
        int sectorsize, String csumType, long numDevices, List<Device> devices, List<Chunk> metadataChunks) {

    public ArrayState {
        devices = List.copyOf(devices);
        metadataChunks = List.copyOf(metadataChunks);
    }

    /** A device: its path (null when missing), its size, whether it is there. */
    public record Device(long devid, String uuid, String path, long size, long bytesUsed, boolean missing) {
    }

    /** A metadata or system block group and where its stripes lie. */
    public record Chunk(long logical, long length, String type, List<ChunkStripe> stripes) {
        public Chunk {
            stripes = List.copyOf(stripes);
        }
    }

    public record ChunkStripe(long devid, long physical) {
    }

    /** What an opened filesystem looks like, for a snapshot. */
    public static ArrayState of(BtrfsFilesystem fs) {
        Superblock sb = fs.superblock();
        List<Device> devices = new ArrayList<>();
        for (FsDevice d : fs.devices()) {
            devices.add(new Device(d.devid(), d.item().uuid().toString(), d.name().orElse(null),
                    d.item().totalBytes(), d.item().bytesUsed(), !d.present()));
        }
        List<Chunk> chunks = new ArrayList<>();
        for (ChunkItem c : fs.chunkMap().chunks()) {
            if (c.holdsTreeBlocks()) {
                chunks.add(new Chunk(c.logical(), c.length(), c.typeString(),
                        c.stripes().stream().map(s -> new ChunkStripe(s.devid(), s.offset())).toList()));
            }
        }
        return new ArrayState(sb.fsid().toString(), sb.metadataUuid().toString(), sb.label(), sb.generation(),
                sb.nodesize(), sb.sectorsize(), sb.csumType().map(t -> t.displayName()).orElse("unknown"),
                sb.numDevices(), devices, chunks);
    }
}
