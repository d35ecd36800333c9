package btrfs.workbench.bench.array;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.Stripe;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FsDevice;

/**
 * Per device, the byte ranges of the block groups that hold tree blocks (metadata and system):
 * every copy ({@link #of}, what the all-copies limit reads) or one copy split across the mirrors
 * ({@link #oneCopy}, the floor), adjoining ranges merged into one.
 */
public final class MetadataRanges {

    /** Where a mirror's share of a stripe may start and end: the stripe unit, as the kernel maps. */
    static final long ALIGN = ChunkItem.STRIPE_LEN;

    private MetadataRanges() {
    }

    /** Device path to the ranges of every copy, ascending, devices in devid order. */
    public static Map<Path, List<DeviceRange>> of(BtrfsFilesystem fs) {
        return byDevice(fs, MetadataRanges::everyStripe);
    }

    /**
     * Device path to the ranges that hold one copy of every tree-block block group, the copies
     * split across the mirrors so that every device reads its share at the same time: the least
     * any reader of all metadata must read. Of a mirror set of k stripes (RAID1, RAID1C3/4, DUP:
     * all stripes; RAID10: each group of sub-stripes) copy i reads the i-th k-th of its stripe
     * (on stripe-unit bounds). Striped profiles without copies (single, RAID0) and parity
     * profiles (RAID5/6, whose parity rotates through every stripe) read every stripe whole.
     */
    public static Map<Path, List<DeviceRange>> oneCopy(BtrfsFilesystem fs) {
        return byDevice(fs, MetadataRanges::shareOfEachMirror);
    }

    private record Piece(long devid, DeviceRange range) {
    }

    private static Map<Path, List<DeviceRange>> byDevice(BtrfsFilesystem fs, Function<ChunkItem, List<Piece>> pieces) {
        Map<Long, Path> paths = new HashMap<>();
        for (FsDevice device : fs.devices()) {
            device.name().ifPresent(name -> paths.put(device.devid(), Path.of(name)));
        }
        Map<Long, List<DeviceRange>> byDevid = new HashMap<>();
        for (ChunkItem chunk : fs.chunkMap().chunks()) {
            if (chunk.holdsTreeBlocks()) {
                for (Piece piece : pieces.apply(chunk)) {
                    byDevid.computeIfAbsent(piece.devid(), d -> new ArrayList<>()).add(piece.range());
                }
            }
        }
        Map<Path, List<DeviceRange>> result = new LinkedHashMap<>();
        byDevid.keySet().stream().sorted(Long::compareUnsigned).filter(paths::containsKey)
                .forEach(devid -> result.put(paths.get(devid), merge(byDevid.get(devid))));
        return result;
    }

    private static List<Piece> everyStripe(ChunkItem chunk) {
        return chunk.stripes().stream()
                .map(s -> new Piece(s.devid(), new DeviceRange(s.offset(), s.offset() + chunk.stripeLength()))).toList();
    }

    private static List<Piece> shareOfEachMirror(ChunkItem chunk) {
        int copies = switch (chunk.profile()) {
            case DUP, RAID1, RAID1C3, RAID1C4 -> chunk.numStripes();
            case RAID10 -> Math.max(1, chunk.subStripes());
            case SINGLE, RAID0, RAID5, RAID6 -> 1;
        };
        List<Piece> pieces = new ArrayList<>();
        long length = chunk.stripeLength();
        for (int i = 0; i < chunk.numStripes(); i++) {
            Stripe s = chunk.stripes().get(i);
            int share = i % copies;
            long from = shareBound(length, share, copies);
            long to = shareBound(length, share + 1, copies);
            if (to > from) {
                pieces.add(new Piece(s.devid(), new DeviceRange(s.offset() + from, s.offset() + to)));
            }
        }
        return pieces;
    }

    /** The offset in a stripe of {@code length} where share {@code i} of {@code k} begins. */
    static long shareBound(long length, int i, int k) {
        if (i >= k) {
            return length;
        }
        return Math.min(length, length / k * i / ALIGN * ALIGN);
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
