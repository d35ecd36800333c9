package btrfs.workbench.bench.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.bench.measure.Method;

/** Results with round numbers, so that every derived figure can be checked by hand. */
final class Fixtures {

    static final Environment ENVIRONMENT = new Environment("6.1.0-test", 2, "btrfs-progs v6.2",
            "6 reads in flight per device", "loop devices on tmpfs", "load average 0.1 when measuring started, 0.2 when "
            + "it ended");

    private Fixtures() {
    }

    /**
     * Seconds per method on an array whose fs tree has 1000 blocks and all trees 4000 (16 KiB nodes),
     * mirrored: the limit reads 128 MiB, the floor half of it;
     * reading all trees without streaming takes as long as with; on that per-block path, without
     * coalescing twice as long as with, coalescing back to back only 1.5 times; the naive walk with O_DIRECT is as much slower than with the page cache as the
     * engine is, so both naive ratios are {@code naive / readaFs}.
     */
    static ArrayResult array(String name, double limit, double floor, double readaAll, double readaFs, double naive,
            double dumpTree, double check, double directFs) {
        List<MethodResult> methods = new ArrayList<>();
        methods.add(result(Method.LIMIT, 4000, 128L << 20, limit));
        methods.add(result(Method.LIMIT_ONE_COPY, 4000, 64L << 20, floor));
        methods.add(result(Method.READA_ALL, 4000, 4000L * 16384, readaAll));
        methods.add(result(Method.NO_STREAM_ALL, 4000, 4000L * 16384, readaAll));
        methods.add(result(Method.BACK_TO_BACK_ALL, 4000, 4000L * 16384, readaAll * 1.5));
        methods.add(result(Method.UNCOALESCED_ALL, 4000, 4000L * 16384, readaAll * 2));
        methods.add(result(Method.READA_FS, 1000, 1000L * 16384, readaFs));
        methods.add(result(Method.NAIVE_FS, 1000, 1000L * 16384, naive));
        methods.add(result(Method.NAIVE_DIRECT_FS, 1000, 1000L * 16384, naive * directFs / readaFs));
        methods.add(result(Method.DUMP_TREE, 1000, 1000L * 16384, dumpTree));
        methods.add(result(Method.CHECK, 4000, 4000L * 16384, check));
        methods.add(result(Method.DIRECT_FS, 1000, 1000L * 16384, directFs));
        ArrayFacts facts = new ArrayFacts(name, "4 × 1.0 GiB, metadata raid1, data single, 16 KiB nodes", 64L << 20,
                8, 128L << 20, 1000, 4000, 2, 50_000);
        return new ArrayResult(facts, methods);
    }

    /** Three runs whose median is {@code median}: one faster, one slower. */
    static MethodResult result(Method method, long blocks, long bytes, double median) {
        return new MethodResult(method, List.of(median * 1.1, median, median * 0.95), blocks, bytes, List.of());
    }

    static BenchResult result(List<ArrayResult> arrays, List<ScalingPoint> scaling) {
        return new BenchResult(Instant.parse("2026-11-25T10:00:00Z"), 321.5, false, 3, ENVIRONMENT, arrays, scaling);
    }

    /**
     * Every array passes every bound: on raid1-4dev reada / floor 1.2 (all trees) and 0.5 (fs
     * tree), naive / reada 4, dump-tree / reada 6, check / reada 12.5.
     */
    static BenchResult passing() {
        return result(List.of(array("raid1-4dev", 4.0, 2.0, 2.4, 1.0, 4.0, 6.0, 30.0, 1.5),
                array("dup-1dev", 2.0, 1.0, 1.2, 0.5, 2.0, 3.0, 10.0, 0.6)),
                List.of(new ScalingPoint("s", 1000, List.of(0.30, 0.31, 0.29)),
                        new ScalingPoint("m", 3000, List.of(0.70, 0.71, 0.69)),
                        new ScalingPoint("l", 9000, List.of(1.90, 1.91, 1.89))));
    }
}
