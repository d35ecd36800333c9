package btrfs.workbench.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import btrfs.workbench.bench.BenchPlan;

/**
 * The arguments of {@code bench}: {@code [--quick] [--out DIR] [--work DIR] [--runs N]}.
 *
 * @param quick the small arrays (a few minutes in all) instead of the large ones
 * @param out   where bench.json, bench.md and bench.png go
 * @param work  where the arrays are cached (many GB for the full run)
 * @param runs  cold-cache runs per method and array
 */
record BenchArgs(boolean quick, Path out, Path work, int runs) {

    static final String USAGE = "[--quick] [--out DIR] [--work DIR] [--runs N]  cold-cache benchmark on large "
            + "kernel-written arrays it builds and caches (root, loop devices): the sequential limit, readahead, "
            + "naive, O_DIRECT, dump-tree, check; table as JSON, Markdown and PNG in DIR (default target/bench)";

    static final Path DEFAULT_OUT = Path.of("target", "bench");
    /** Outside any checkout: the full arrays take over 10 GB (sparse). */
    static final Path DEFAULT_WORK = Path.of("/var/tmp/btrfs-workbench-bench");
    /** Overrides the default work directory, e.g. for CI machines with another scratch disk. */
    static final String WORK_VARIABLE = "BTRFS_WORKBENCH_BENCH_WORK";

    private static final int MAX_RUNS = 99;

    /** @param environment the process environment (for {@link #WORK_VARIABLE}) */
    static BenchArgs parse(List<String> args, Map<String, String> environment) throws CliException {
        List<String> rest = new ArrayList<>(args);
        boolean quick = rest.remove("--quick");
        Path out = path(Options.take(rest, "--out"), "--out", DEFAULT_OUT);
        String workVariable = environment.get(WORK_VARIABLE);
        Path defaultWork = workVariable == null || workVariable.isBlank() ? DEFAULT_WORK
                : path(workVariable, WORK_VARIABLE, DEFAULT_WORK);
        Path work = path(Options.take(rest, "--work"), "--work", defaultWork);
        int runs = runs(Options.take(rest, "--runs"));
        Options.rejectUnknown(rest);
        if (!rest.isEmpty()) {
            throw CliException.usage("bench takes no devices (it builds its own arrays), not " + rest.get(0));
        }
        return new BenchArgs(quick, out, work, runs);
    }

    private static Path path(String text, String option, Path otherwise) throws CliException {
        if (text == null) {
            return otherwise;
        }
        try {
            if (text.isBlank()) {
                throw new InvalidPathException(text, "empty");
            }
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw CliException.usage(option + " needs a directory, not '" + text + "'");
        }
    }

    private static int runs(String text) throws CliException {
        if (text == null) {
            return BenchPlan.DEFAULT_RUNS;
        }
        try {
            int runs = Integer.parseInt(text);
            if (runs >= 1 && runs <= MAX_RUNS) {
                return runs;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw CliException.usage("--runs needs a whole number from 1 to " + MAX_RUNS + ", not '" + text + "'");
    }
}
