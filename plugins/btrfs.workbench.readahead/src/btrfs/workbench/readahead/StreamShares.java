package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the zone stream cuts an unstriped block group (single, DUP, RAID1, RAID1C3/4) among its
 * copies: so that the devices finish together. Cutting every block group evenly among its
 * mirrors loads a device by the number of chunks it holds: on the benchmark's 4-device RAID1 one
 * device streamed 269 MB and idled from a third of the run on while another streamed 675 MB (the
 * timeline, 2026-12-07). Here the block groups are cut one after the other, the largest first,
 * each by water-filling: its bytes go to its least-loaded devices until they are level with the
 * next, so that the most loaded device carries as little as the chunk placement allows.
 */
final class StreamShares {

    /** How often every group is cut again against the others (see {@link #cutAll}). */
    private static final int PASSES = 4;

    /** Bytes each device streams so far, by devid. */
    private final Map<Long, Long> loads = new HashMap<>();
    private final long unit;

    /** @param unit what a share is a multiple of: the nodesize (a slot is read whole by one copy) */
    StreamShares(long unit) {
        this.unit = unit;
    }

    /** {@code bytes} streamed by {@code devid} whatever the cuts (a striped block group's slots). */
    void add(long devid, long bytes) {
        loads.merge(devid, bytes, Long::sum);
    }

    /**
     * The cuts of block groups of {@code lengths} bytes whose copies lie, in mirror order, on
     * {@code devids}: per group the offsets from its start, {@code cuts[i]} to {@code cuts[i + 1]}
     * read from the i-th copy (from 0 to its length). Each group is cut by water-filling, one after
     * the other; then, {@link #PASSES} times over, each is cut again against the others' final
     * loads (one pass leaves a device that a later group could not relieve above the level: on the
     * benchmark's placement 496 MiB against a fair 448). Copies on one device (DUP) cost that device
     * the same whichever it reads: they are cut evenly.
     */
    List<long[]> cutAll(List<Long> lengths, List<List<Long>> devids) {
        List<long[]> shares = new ArrayList<>();
        for (int g = 0; g < lengths.size(); g++) {
            shares.add(share(lengths.get(g), devids.get(g)));
        }
        for (int pass = 0; pass < PASSES; pass++) {
            for (int g = 0; g < lengths.size(); g++) {
                unshare(devids.get(g), shares.get(g));
                shares.set(g, share(lengths.get(g), devids.get(g)));
            }
        }
        List<long[]> cuts = new ArrayList<>();
        for (long[] share : shares) {
            long[] cut = new long[share.length + 1];
            for (int i = 0; i < share.length; i++) {
                cut[i + 1] = cut[i] + share[i];
            }
            cuts.add(cut);
        }
        return cuts;
    }

    private long[] share(long length, List<Long> devids) {
        int k = devids.size();
        long[] shares = devids.stream().distinct().count() < k ? even(length, k) : levelled(length, devids);
        for (int i = 0; i < k; i++) {
            add(devids.get(i), shares[i]);
        }
        return shares;
    }

    private void unshare(List<Long> devids, long[] shares) {
        for (int i = 0; i < shares.length; i++) {
            add(devids.get(i), -shares[i]);
        }
    }

    private long[] even(long length, int k) {
        long[] shares = new long[k];
        long each = length / k / unit * unit;
        Arrays.fill(shares, each);
        shares[k - 1] = length - each * (k - 1);
        return shares;
    }

    /**
     * Water-filling: the level W that the least-loaded devices reach when they share {@code
     * length}; each copy reads up to W from its device's load, in whole units, the remainder going
     * to the least loaded.
     */
    private long[] levelled(long length, List<Long> devids) {
        int k = devids.size();
        long[] load = new long[k];
        for (int i = 0; i < k; i++) {
            load[i] = loads.getOrDefault(devids.get(i), 0L);
        }
        long[] sorted = load.clone();
        Arrays.sort(sorted);
        double level = 0;
        long filled = 0;
        for (int j = 0; j < k; j++) {
            filled += sorted[j];
            level = (double) (length + filled) / (j + 1);
            if (j == k - 1 || level <= sorted[j + 1]) {
                break;
            }
        }
        long[] shares = new long[k];
        long given = 0;
        int least = 0;
        for (int i = 0; i < k; i++) {
            shares[i] = Math.max(0, (long) (level - load[i])) / unit * unit;
            given += shares[i];
            least = load[i] + shares[i] < load[least] + shares[least] ? i : least;
        }
        shares[least] += length - given; // what rounding down left, or took too much (never below 0)
        return shares;
    }
}
