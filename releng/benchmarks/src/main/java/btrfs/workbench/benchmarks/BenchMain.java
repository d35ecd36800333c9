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
    }

    /** Every benchmark handles one node per operation. */
    private static double bytesPerSecond(RunResult result) {
        int nodesize = Integer.parseInt(result.getParams().getParam("nodesize"));
        return result.getPrimaryResult().getScore() * nodesize;
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
