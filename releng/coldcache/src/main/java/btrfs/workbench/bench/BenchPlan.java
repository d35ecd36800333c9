package btrfs.workbench.bench;

import static btrfs.workbench.bench.array.ArraySpec.GIB;
import static btrfs.workbench.bench.array.ArraySpec.MIB;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

import btrfs.workbench.bench.array.ArraySpec;
import btrfs.workbench.bench.array.LoopMode;
import btrfs.workbench.bench.measure.Method;

/**
 * What one benchmark run measures.
 *
 * @param compared  arrays every method runs on, each attached in every loop mode; the acceptance
 *                  ratios are checked on each
 * @param scaling   arrays of growing size for the fs-tree readahead series, loop devices with direct
 *                  I/O (may repeat a compared one, whose samples are then reused)
 * @param methods   the methods, in their first run's order
 * @param runs      cold-cache runs of every method on every array
 * @param loopModes how the compared arrays' loop devices read their images; the first also serves
 *                  the scaling series
 */
public record BenchPlan(List<ArraySpec> compared, List<ArraySpec> scaling, List<Method> methods, int runs,
        List<LoopMode> loopModes) {

    public static final int DEFAULT_RUNS = 3;

    public BenchPlan {
        compared = List.copyOf(compared);
        scaling = List.copyOf(scaling);
        methods = List.copyOf(methods);
        loopModes = List.copyOf(loopModes);
        if (runs < 1 || loopModes.isEmpty()) {
            throw new IllegalArgumentException("runs " + runs);
        }
    }

    /**
     * A 4-device RAID1 with over 1 GiB of metadata in at least 8 metadata block groups, a 4-device
     * RAID10, a single-device DUP, and a dense small RAID1 (small devices nearly full of metadata in
     * few block groups: the shape where the devices taking turns showed most); the scaling series
     * adds two smaller RAID1s. Every compared array on loop devices with direct I/O and buffered.
     */
    public static BenchPlan full(int runs) {
        ArraySpec raid1 = new ArraySpec("raid1-4dev", "raid1", "single", 4, 3 * GIB, 16384, 1200 * MIB, 8);
        ArraySpec raid10 = new ArraySpec("raid10-4dev", "raid10", "raid10", 4, 2 * GIB, 16384, 512 * MIB, 2);
        ArraySpec dup = new ArraySpec("dup-1dev", "dup", "single", 1, 4 * GIB, 16384, 512 * MIB, 2);
        ArraySpec dense = new ArraySpec("raid1-4dev-dense", "raid1", "single", 4, 256 * MIB, 16384, 240 * MIB, 3);
        ArraySpec small = new ArraySpec("raid1-4dev-s", "raid1", "single", 4, 1 * GIB, 16384, 128 * MIB, 1);
        ArraySpec medium = new ArraySpec("raid1-4dev-m", "raid1", "single", 4, 2 * GIB, 16384, 448 * MIB, 2);
        return new BenchPlan(List.of(raid1, raid10, dup, dense), List.of(small, medium, raid1),
                List.of(Method.values()), runs, List.of(LoopMode.values()));
    }

    /** The same shapes, small enough that building and measuring all of it takes a few minutes. */
    public static BenchPlan quick(int runs) {
        ArraySpec raid1 = new ArraySpec("quick-raid1-4dev", "raid1", "single", 4, 512 * MIB, 16384, 64 * MIB, 1);
        ArraySpec raid10 = new ArraySpec("quick-raid10-4dev", "raid10", "raid10", 4, 384 * MIB, 16384, 32 * MIB, 1);
        ArraySpec dup = new ArraySpec("quick-dup-1dev", "dup", "single", 1, 768 * MIB, 16384, 32 * MIB, 1);
        ArraySpec small = new ArraySpec("quick-raid1-4dev-s", "raid1", "single", 4, 256 * MIB, 16384, 12 * MIB, 1);
        ArraySpec medium = new ArraySpec("quick-raid1-4dev-m", "raid1", "single", 4, 384 * MIB, 16384, 28 * MIB, 1);
        ArraySpec dense = new ArraySpec("quick-raid1-4dev-dense", "raid1", "single", 4, 128 * MIB, 16384, 56 * MIB, 2);
        return new BenchPlan(List.of(raid1, raid10, dup, dense), List.of(small, medium, raid1),
                List.of(Method.values()), runs, List.of(LoopMode.values()));
    }

    /** Every array once: compared first, then the scaling-only ones. */
    public List<ArraySpec> arrays() {
        LinkedHashSet<ArraySpec> all = new LinkedHashSet<>(compared);
        all.addAll(scaling);
        return List.copyOf(all);
    }

    /** Scaling arrays that are not compared: they get only the fs-tree readahead. */
    public List<ArraySpec> scalingOnly() {
        List<ArraySpec> only = new ArrayList<>(scaling);
        only.removeAll(compared);
        return only;
    }

    /** The smallest array: the engine's code is run once on it before anything is timed. */
    public ArraySpec warmUp() {
        return arrays().stream().min(Comparator.comparingLong(ArraySpec::metadataTarget)).orElseThrow();
    }

    /**
     * Run {@code run}'s order. The methods, in their declared order, are cut into one part per run;
     * run r begins with part r, so that every method is measured early, in the middle and late
     * once each (with three runs): the methods right after an array's first reads were slow in
     * every run when a method kept its place (2026-12-07). Within its part a method follows another
     * method in each of the first three runs (forward, backward, odd places then even; later runs
     * walk these ways again): with the parts only rotated (until 2026-12-08) every method had the same
     * predecessor in every run, and {@code reada --direct} (fs tree), always after {@code naive
     * --priority normal}, was two to three times the defaults in every run of two machines, though
     * in process the two took the same time.
     */
    public List<Method> order(int run) {
        int parts = Math.max(1, Math.min(runs, methods.size()));
        List<Method> order = new ArrayList<>(methods.size());
        for (int p = 0; p < parts; p++) {
            int part = (p + run) % parts;
            order.addAll(walk(methods.subList(part * methods.size() / parts, (part + 1) * methods.size() / parts), run));
        }
        return order;
    }

    /** One part of the methods in run {@code run}'s walk: forward, backward, or odd places then even. */
    private static List<Method> walk(List<Method> part, int run) {
        List<Method> walk = new ArrayList<>(part.size());
        switch (run % 3) {
            case 0 -> walk.addAll(part);
            case 1 -> walk.addAll(part.reversed());
            default -> {
                for (int first = 1; first >= 0; first--) {
                    for (int i = first; i < part.size(); i += 2) {
                        walk.add(part.get(i));
                    }
                }
            }
        }
        return walk;
    }
}
