package btrfs.workbench.benchmarks;

import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks (JMH's own command line options apply, e.g. {@code -f 1 -wi 2 -i 3})
 * and prints each result as bytes per second and as a ratio to the baseline of the same run.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Options options = new OptionsBuilder().parent(new CommandLineOptions(args)).build();
        Collection<RunResult> results = new Runner(options).run();
        printThroughput(results);
    }

    private static void printThroughput(Collection<RunResult> results) {
        double baseline = results.stream().filter(r -> r.getParams().getBenchmark().endsWith("ReadBaseline.readOnce"))
                .mapToDouble(BenchMain::bytesPerSecond).max().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "%n%-56s %12s %10s%n", "benchmark", "GB/s", "vs baseline");
        for (RunResult result : results) {
            double rate = bytesPerSecond(result);
            System.out.printf(Locale.ROOT, "%-56s %12.2f %10.3f%n", label(result), rate / 1e9, rate / baseline);
        }
        printWatchedRatios(results);
    }

    /** For benchmarks run with and without live snapshots: how much watching costs. */
    private static void printWatchedRatios(Collection<RunResult> results) {
        for (RunResult watched : results) {
            String hz = watched.getParams().getParam("snapshotHz");
            if (hz == null || hz.equals("0")) {
                continue;
            }
            results.stream().filter(r -> "0".equals(r.getParams().getParam("snapshotHz"))
                    && otherParams(r).equals(otherParams(watched))).findFirst()
                    .ifPresent(unwatched -> System.out.printf(Locale.ROOT,
                            "%-56s %s Hz snapshots keep %.1f %% of the throughput%n", label(unwatched), hz,
                            100 * watched.getPrimaryResult().getScore() / unwatched.getPrimaryResult().getScore()));
        }
    }

    /** Every benchmark handles one node per operation. */
    private static double bytesPerSecond(RunResult result) {
        int nodesize = Integer.parseInt(result.getParams().getParam("nodesize"));
        return result.getPrimaryResult().getScore() * nodesize;
    }

    /** The benchmark and its parameters other than snapshotHz. */
    private static String otherParams(RunResult result) {
        StringBuilder key = new StringBuilder(result.getParams().getBenchmark());
        for (String param : result.getParams().getParamsKeys()) {
            if (!param.equals("snapshotHz")) {
                key.append(' ').append(result.getParams().getParam(param));
            }
        }
        return key.toString();
    }

    /** Class.method and every parameter value: "ChecksumBenchmark.checksum CRC32C 16384". */
    private static String label(RunResult result) {
        String name = result.getParams().getBenchmark();
        StringBuilder label = new StringBuilder(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1));
        for (String key : result.getParams().getParamsKeys()) {
            label.append(' ').append(result.getParams().getParam(key));
        }
        return label.toString();
    }
}
