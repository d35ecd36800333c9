package btrfs.workbench.bench;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code bench}: {@code [--quick] [--out DIR] [--work DIR] [--runs N]}.
 *
 * @param quick the small arrays (a few minutes in all) instead of the large ones
 * @param out   where bench.json, bench.md and bench.png go
 * @param work  where the arrays are cached (many GB for the full run)
 * @param runs  cold-cache runs per method and array
 */
record BenchArgs(boolean quick, Path out, Path work, int runs) {

    static final String USAGE = "usage: btrfs-workbench bench [--quick] [--out DIR] [--work DIR] [--runs N] [--debug]\n"
            + "       btrfs-workbench bench probe ARRAY ... (see bench probe --help)\n"
            + "cold-cache benchmark on large kernel-written arrays it builds and caches (root, loop devices): the "
            + "sequential limit, readahead, naive, O_DIRECT, dump-tree, check; table as JSON, Markdown and PNG in DIR "
            + "(default target/bench)";

    static final Path DEFAULT_OUT = Path.of("target", "bench");
    /** Outside any checkout: the full arrays take over 10 GB (sparse). */
    static final Path DEFAULT_WORK = Path.of("/var/tmp/btrfs-workbench-bench");
    /** Overrides the default work directory, e.g. for CI machines with another scratch disk. */
    static final String WORK_VARIABLE = "BTRFS_WORKBENCH_BENCH_WORK";

    private static final int MAX_RUNS = 99;

    /** Wrong arguments: the message says what is wanted. */
    static final class UsageException extends Exception {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** @param environment the process environment (for {@link #WORK_VARIABLE}) */
    static BenchArgs parse(List<String> args, Map<String, String> environment) throws UsageException {
        List<String> rest = new ArrayList<>(args);
        boolean quick = rest.remove("--quick");
        Path out = path(take(rest, "--out"), "--out", DEFAULT_OUT);
        Path work = work(rest, environment);
        int runs = wholeNumber(take(rest, "--runs"), "--runs", BenchPlan.DEFAULT_RUNS, MAX_RUNS);
        rejectRest(rest);
        return new BenchArgs(quick, out, work, runs);
    }

    /** Takes {@code --work DIR} from {@code rest}: else {@link #WORK_VARIABLE}, else the default. */
    static Path work(List<String> rest, Map<String, String> environment) throws UsageException {
        String workVariable = environment.get(WORK_VARIABLE);
        Path defaultWork = workVariable == null || workVariable.isBlank() ? DEFAULT_WORK
                : path(workVariable, WORK_VARIABLE, DEFAULT_WORK);
        return path(take(rest, "--work"), "--work", defaultWork);
    }

    /** Removes {@code option VALUE} from {@code args} and returns VALUE, or null when absent. */
    static String take(List<String> args, String option) throws UsageException {
        int at = args.indexOf(option);
        if (at < 0) {
            return null;
        }
        if (at + 1 >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        String value = args.get(at + 1);
        args.subList(at, at + 2).clear();
        return value;
    }

    /** After the options were taken, anything left is a mistake. */
    private static void rejectRest(List<String> rest) throws UsageException {
        for (String arg : rest) {
            if (arg.startsWith("-")) {
                throw new UsageException("unknown option " + arg);
            }
        }
        if (!rest.isEmpty()) {
            throw new UsageException("bench takes no devices (it builds its own arrays), not " + rest.get(0));
        }
    }

    static Path path(String text, String option, Path otherwise) throws UsageException {
        if (text == null) {
            return otherwise;
        }
        try {
            if (text.isBlank()) {
                throw new InvalidPathException(text, "empty");
            }
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException(option + " needs a directory, not '" + text + "'");
        }
    }

    /** {@code text} as a whole number from 1 to {@code max}, or {@code otherwise} when absent. */
    static int wholeNumber(String text, String option, int otherwise, int max) throws UsageException {
        if (text == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new UsageException(option + " needs a whole number from 1 to " + max + ", not '" + text + "'");
    }
}
