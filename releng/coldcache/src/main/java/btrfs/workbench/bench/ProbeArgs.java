package btrfs.workbench.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import btrfs.workbench.bench.BenchArgs.UsageException;
import btrfs.workbench.bench.array.LoopMode;
import btrfs.workbench.bench.measure.Method;

/**
 * The arguments of {@code bench probe ARRAY [--buffered] [--rounds N] [--quick] [--work DIR]
 * [METHOD...]}: a few methods on one of the benchmark's arrays, alternating, every sample printed
 * with what the machine did meanwhile — the in-process A/B the full run is too coarse for.
 *
 * @param quick   the array of the quick plan of that name
 * @param work    where the arrays are cached
 * @param array   the array's name as the table names it (without "/buffered")
 * @param mode    the loop devices' mode
 * @param rounds  cold samples per method
 * @param methods the methods, by their ids in bench.json ({@code reada-all}, {@code limit-one-copy-all} ...)
 */
record ProbeArgs(boolean quick, Path work, String array, LoopMode mode, int rounds, List<Method> methods) {

    static final String USAGE = "usage: btrfs-workbench bench probe ARRAY [--buffered] [--rounds N] [--quick] "
            + "[--work DIR] [METHOD...]\n"
            + "alternating cold samples of the methods (default: limit-one-copy-all reada-all) on one benchmark "
            + "array, each printed with the process CPU, JIT, GC, every device's reads and the disks' request "
            + "counts; medians at the end";

    static final int DEFAULT_ROUNDS = 5;
    static final List<Method> DEFAULT_METHODS = List.of(Method.LIMIT_ONE_COPY, Method.READA_ALL);
    private static final int MAX_ROUNDS = 99;

    ProbeArgs {
        methods = List.copyOf(methods);
    }

    /** @param args what follows {@code probe} */
    static ProbeArgs parse(List<String> args, Map<String, String> environment) throws UsageException {
        List<String> rest = new ArrayList<>(args);
        boolean quick = rest.remove("--quick");
        LoopMode mode = rest.remove("--buffered") ? LoopMode.BUFFERED : LoopMode.DIRECT;
        Path work = BenchArgs.work(rest, environment);
        int rounds = BenchArgs.wholeNumber(BenchArgs.take(rest, "--rounds"), "--rounds", DEFAULT_ROUNDS, MAX_ROUNDS);
        for (String arg : rest) {
            if (arg.startsWith("-")) {
                throw new UsageException("unknown option " + arg);
            }
        }
        if (rest.isEmpty()) {
            throw new UsageException("probe needs an array's name");
        }
        String array = rest.remove(0);
        List<Method> methods = new ArrayList<>();
        for (String id : rest) {
            try {
                methods.add(Method.of(id));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage() + " (the ids are bench.json's, e.g. reada-all)");
            }
        }
        return new ProbeArgs(quick, work, array, mode, rounds, methods.isEmpty() ? DEFAULT_METHODS : methods);
    }
}
