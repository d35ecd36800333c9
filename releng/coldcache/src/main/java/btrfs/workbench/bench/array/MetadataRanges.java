package btrfs.workbench.bench.array;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.Stripe;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FsDevice;

/**
 * Per device, the byte ranges of every block group that holds tree blocks (metadata and system):
 * what the "limit" reads from start to end, adjoining ranges merged into one.
 */
public final class MetadataRanges {

    private MetadataRanges() {
    }

    /** Device path to its ranges in ascending order, devices in devid order. */
    public static Map<Path, List<DeviceRange>> of(BtrfsFilesystem fs) {
        Map<Long, Path> paths = new HashMap<>();
        for (FsDevice device : fs.devices()) {
            device.name().ifPresent(name -> paths.put(device.devid(), Path.of(name)));
        }
        Map<Long, List<DeviceRange>> byDevid = new HashMap<>();
        for (ChunkItem chunk : fs.chunkMap().chunks()) {
            if (chunk.holdsTreeBlocks()) {
                for (Stripe stripe : chunk.stripes()) {
                    byDevid.computeIfAbsent(stripe.devid(), d -> new ArrayList<>())
                            .add(new DeviceRange(stripe.offset(), stripe.offset() + chunk.stripeLength()));
                }
            }
        }
        Map<Path, List<DeviceRange>> result = new LinkedHashMap<>();
        byDevid.keySet().stream().sorted(Long::compareUnsigned).filter(paths::containsKey)
                .forEach(devid -> result.put(paths.get(devid), merge(byDevid.get(devid))));
        return result;
    }

    /** Sorted, with ranges that touch or overlap joined: one sequential read covers them. */
    public static List<DeviceRange> merge(List<DeviceRange> ranges) {
        List<DeviceRange> sorted = ranges.stream().sorted(Comparator.comparingLong(DeviceRange::start)).toList();
        List<DeviceRange> merged = new ArrayList<>();
        for (DeviceRange r : sorted) {
            DeviceRange last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && r.start() <= last.end()) {
                merged.set(merged.size() - 1, new DeviceRange(last.start(), Math.max(last.end(), r.end())));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    /** Bytes over all devices. */
    public static long total(Map<Path, List<DeviceRange>> ranges) {
        return ranges.values().stream().flatMap(List::stream).mapToLong(DeviceRange::length).sum();
    }
}
