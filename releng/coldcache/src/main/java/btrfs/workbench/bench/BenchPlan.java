package btrfs.workbench.bench;

import static btrfs.workbench.bench.array.ArraySpec.GIB;
import static btrfs.workbench.bench.array.ArraySpec.MIB;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

import btrfs.workbench.bench.array.ArraySpec;
import btrfs.workbench.bench.measure.Method;

/**
 * What one benchmark run measures.
 *
 * @param compared arrays every method runs on; the first is the one issue 9's acceptance ratios
 *                 are checked on (the 4-device RAID1)
 * @param scaling  arrays of growing size for the fs-tree readahead series (may repeat a compared
 *                 one, whose samples are then reused)
 * @param methods  the methods, in their first run's order
 * @param runs     cold-cache runs of every method on every array
 */
public record BenchPlan(List<ArraySpec> compared, List<ArraySpec> scaling, List<Method> methods, int runs) {

    public static final int DEFAULT_RUNS = 3;

    public BenchPlan {
        compared = List.copyOf(compared);
        scaling = List.copyOf(scaling);
        methods = List.copyOf(methods);
        if (runs < 1) {
            throw new IllegalArgumentException("runs " + runs);
        }
    }

    /**
     * The arrays: a 4-device RAID1 with over 1 GiB of metadata in at least 8 metadata block
     * groups, a 4-device RAID10, a single-device DUP; the scaling series adds two smaller RAID1s.
     */
    public static BenchPlan full(int runs) {
        ArraySpec raid1 = new ArraySpec("raid1-4dev", "raid1", "single", 4, 3 * GIB, 16384, 1200 * MIB, 8);
        ArraySpec raid10 = new ArraySpec("raid10-4dev", "raid10", "raid10", 4, 2 * GIB, 16384, 512 * MIB, 2);
        ArraySpec dup = new ArraySpec("dup-1dev", "dup", "single", 1, 4 * GIB, 16384, 512 * MIB, 2);
        ArraySpec small = new ArraySpec("raid1-4dev-s", "raid1", "single", 4, 1 * GIB, 16384, 128 * MIB, 1);
        ArraySpec medium = new ArraySpec("raid1-4dev-m", "raid1", "single", 4, 2 * GIB, 16384, 448 * MIB, 2);
        return new BenchPlan(List.of(raid1, raid10, dup), List.of(small, medium, raid1), List.of(Method.values()),
                runs);
    }

    /** The same shapes, small enough that building and measuring all of it takes a few minutes. */
    public static BenchPlan quick(int runs) {
        ArraySpec raid1 = new ArraySpec("quick-raid1-4dev", "raid1", "single", 4, 512 * MIB, 16384, 64 * MIB, 1);
        ArraySpec raid10 = new ArraySpec("quick-raid10-4dev", "raid10", "raid10", 4, 384 * MIB, 16384, 32 * MIB, 1);
        ArraySpec dup = new ArraySpec("quick-dup-1dev", "dup", "single", 1, 768 * MIB, 16384, 32 * MIB, 1);
        ArraySpec small = new ArraySpec("quick-raid1-4dev-s", "raid1", "single", 4, 256 * MIB, 16384, 12 * MIB, 1);
        ArraySpec medium = new ArraySpec("quick-raid1-4dev-m", "raid1", "single", 4, 384 * MIB, 16384, 28 * MIB, 1);
        return new BenchPlan(List.of(raid1, raid10, dup), List.of(small, medium, raid1), List.of(Method.values()),
                runs);
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

    /** Run {@code run}'s order: the methods rotated by one per run, so none always runs first after a build. */
    public List<Method> order(int run) {
        List<Method> rotated = new ArrayList<>(methods);
        if (!rotated.isEmpty()) {
            Collections.rotate(rotated, -(run % rotated.size()));
        }
        return rotated;
    }
}
