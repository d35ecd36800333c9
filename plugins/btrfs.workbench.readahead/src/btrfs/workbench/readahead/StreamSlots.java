package btrfs.workbench.readahead;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import btrfs.workbench.readahead.spi.BlockGroup;

/**
 * Which device streams a logical address, and in which slot of its share: the zone stream's plan
 * looked up from the address alone. The walk asks this for every child it wants, some hundred
 * thousand times a run, so the answer is two array lookups: no chunk-map lookup, no list of
 * mirrors, no boxed key (a child the stream serves is never mapped: measured, mapping it was a
 * fifth of the engine's CPU in a streamed run). Built once, from the plan; read under the engine
 * lock.
 */
final class StreamSlots {

    /** {@link #find}'s answer for an address no device streams. */
    static final long NONE = -1;

    private final int nodesize;
    /** The streamed block groups' starts, ascending (signed, as {@link Arrays#binarySearch} searches). */
    private final long[] starts;
    /**
     * Per block group, per nodesize step of its length: the device's index in {@link #devices} and
     * its slot, or NONE.
     */
    private final long[][] slots;
    private final ZoneStream.DeviceStream[] devices;

    StreamSlots(List<BlockGroup> groups, Collection<ZoneStream.DeviceStream> streams, int nodesize) {
        this.nodesize = nodesize;
        BlockGroup[] sorted = groups.stream().sorted((a, b) -> Long.compare(a.start(), b.start()))
                .toArray(BlockGroup[]::new);
        this.starts = new long[sorted.length];
        this.slots = new long[sorted.length][];
        for (int g = 0; g < sorted.length; g++) {
            starts[g] = sorted[g].start();
            slots[g] = new long[Math.toIntExact(Long.divideUnsigned(sorted[g].length(), nodesize))];
            Arrays.fill(slots[g], NONE);
        }
        this.devices = streams.toArray(ZoneStream.DeviceStream[]::new);
        for (int d = 0; d < devices.length; d++) {
            long[] logicals = devices[d].logicals;
            for (int slot = 0; slot < logicals.length; slot++) {
                long at = step(logicals[slot]);
                if (at >= 0) {
                    slots[(int) (at >>> 32)][(int) at] = (long) d << 32 | slot;
                }
            }
        }
    }

    /** {@code logical}'s device and slot as {@code device << 32 | slot}, or NONE. */
    long find(long logical) {
        long at = step(logical);
        return at < 0 ? NONE : slots[(int) (at >>> 32)][(int) at];
    }

    /** The device stream of a {@link #find} answer. */
    ZoneStream.DeviceStream device(long found) {
        return devices[(int) (found >>> 32)];
    }

    /** The slot of a {@link #find} answer. */
    static int slot(long found) {
        return (int) found;
    }

    /**
     * The block group holding {@code logical} and its nodesize step in it, as {@code group << 32
     * | step}; negative when no streamed group holds it or it is off the nodesize grid (a child
     * pointer no tree block can have: the per-block path reports it).
     */
    private long step(long logical) {
        int g = Arrays.binarySearch(starts, logical);
        g = g >= 0 ? g : -g - 2; // the last group starting at or before logical
        if (g < 0) {
            return -1;
        }
        long offset = logical - starts[g]; // negative only if it overflowed: no group holds logical
        if (offset < 0 || offset % nodesize != 0 || offset / nodesize >= slots[g].length) {
            return -1;
        }
        return (long) g << 32 | offset / nodesize;
    }
}
