package btrfs.workbench.readahead.io;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import btrfs.workbench.metadata.DirectDevice;
import btrfs.workbench.metadata.ReadOnlyDevice;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.metadata.io.DeviceMap;
import btrfs.workbench.metadata.tree.BlockReader;
import btrfs.workbench.metadata.tree.TreeBlockParser;

/**
 * The zone stream's reads around the page cache: the filesystem's devices opened again, read-only,
 * with O_DIRECT, behind a block reader of their own (the same chunk map and checks). Measured on
 * loop devices: a stream's 1 MiB reads, four at a time per device, through the page cache ran at
 * half the floor's speed and erratically (0.74–2.5 s for 2 GiB of metadata), with O_DIRECT steadily
 * at 0.65–0.70 s; a stream reads each byte once, so the cache gains it nothing.
 * <p>
 * Only where every present device was opened as a plain file or block device through the page
 * cache: a filesystem opened with O_DIRECT already, or through anything else (a test's fault
 * injector), streams through its own readers; so does one whose devices refuse O_DIRECT.
 */
final class StreamReader implements AutoCloseable {

    private final Map<Long, DirectDevice> devices;
    private final BlockReader reader;

    private StreamReader(Map<Long, DirectDevice> devices, BtrfsFilesystem fs) {
        this.devices = devices;
        Superblock sb = fs.superblock();
        TreeBlockParser parser = new TreeBlockParser(sb.csumType().orElseThrow(), sb.metadataUuid());
        this.reader = new BlockReader(new DeviceMap(devices), fs.chunkMap(), sb.nodesize(), sb.sectorsize(), parser);
    }

    /** The stream's reader for {@code fs}, or null where the filesystem's own readers serve (see above). */
    static StreamReader open(BtrfsFilesystem fs) {
        Map<Long, DirectDevice> opened = new HashMap<>();
        try {
            for (FsDevice d : fs.devices()) {
                if (!d.present()) {
                    continue;
                }
                if (!(d.reader() instanceof ReadOnlyDevice buffered)) {
                    closeAll(opened);
                    return null;
                }
                opened.put(d.devid(), DirectDevice.open(buffered.path()));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(opened); // O_DIRECT refused (tmpfs, some FUSE filesystems): stream through the cache
            return null;
        }
        return opened.isEmpty() ? null : new StreamReader(opened, fs);
    }

    BlockReader reader() {
        return reader;
    }

    @Override
    public void close() {
        closeAll(devices);
    }

    private static void closeAll(Map<Long, DirectDevice> devices) {
        for (DirectDevice d : devices.values()) {
            try {
                d.close();
            } catch (IOException e) {
                // read-only: nothing is lost by a failed close
            }
        }
    }
}
