package btrfs.workbench.readahead.heatmap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.Stripe;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FsDevice;

/** The {@link DeviceLayout}s of an opened filesystem, from its chunk map. */
public final class DeviceLayouts {

    private DeviceLayouts() {
    }

    /**
     * One layout per device the filesystem lists, missing ones included (the view shows them,
     * nothing is ever read there), in the filesystem's device order. Each stripe of a tree-block
     * chunk occupies {@link ChunkItem#stripeLength()} bytes on its device: the whole chunk for
     * SINGLE, DUP and the RAID1 family, the chunk divided by its data stripes for RAID0, RAID10
     * (stripes / sub_stripes) and RAID5/6 — the DEV_EXTENT length. Stripes on devices the
     * filesystem does not list, or at offsets no device can have (a damaged chunk), are left
     * out rather than failing the whole view.
     */
    public static List<DeviceLayout> of(BtrfsFilesystem fs) {
        Map<Long, List<PhysicalRange>> ranges = new LinkedHashMap<>();
        for (FsDevice d : fs.devices()) {
            ranges.put(d.devid(), new ArrayList<>());
        }
        for (ChunkItem chunk : fs.chunkMap().chunks()) {
            if (chunk.holdsTreeBlocks()) {
                addStripes(chunk, ranges);
            }
        }
        List<DeviceLayout> out = new ArrayList<>(ranges.size());
        for (FsDevice d : fs.devices()) {
            List<PhysicalRange> mine = ranges.get(d.devid());
            out.add(new DeviceLayout(d.devid(), size(d, mine), mine));
        }
        return List.copyOf(out);
    }

    private static void addStripes(ChunkItem chunk, Map<Long, List<PhysicalRange>> ranges) {
        long length = chunk.stripeLength();
        for (Stripe s : chunk.stripes()) {
            List<PhysicalRange> list = ranges.get(s.devid());
            if (list != null && plausible(s.offset(), length)) {
                list.add(new PhysicalRange(s.offset(), length));
            }
        }
    }

    private static boolean plausible(long offset, long length) {
        return offset >= 0 && length > 0 && offset + length > offset;
    }

    /**
     * The device's size as its DEV_ITEM gives it (what btrfs may use), else the size of the
     * device or image when the item says 0; never less than the end of its last metadata range,
     * so that every tree block of a damaged filesystem still has a cell.
     */
    private static long size(FsDevice d, List<PhysicalRange> metadata) {
        long size = d.item().totalBytes();
        if (size <= 0 && d.present()) {
            size = d.reader().size();
        }
        size = Math.max(size, 0);
        for (PhysicalRange r : metadata) {
            size = Math.max(size, r.end());
        }
        return size;
    }
}
