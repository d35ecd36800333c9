package btrfs.workbench.bench.report;

import java.util.List;

import btrfs.workbench.bench.measure.Method;

/**
 * One method on one array over all runs.
 *
 * @param method the method
 * @param runs   seconds of every run that counted, in the order they ran
 * @param blocks tree blocks the method reads (for the limit and the peers: those of its scope, as
 *               the engine counted them), for blocks/s
 * @param bytes  bytes it reads (for the peers: those of the tree blocks of its scope), for MB/s
 * @param errors why runs did not count, one entry per failed run
 */
public record MethodResult(Method method, List<Double> runs, long blocks, long bytes, List<String> errors) {

    public MethodResult {
        runs = List.copyOf(runs);
        errors = List.copyOf(errors);
    }

    public double median() {
        return Stats.median(runs);
    }

    /** Megabytes (10^6 bytes) per second over the median run. */
    public double megabytesPerSecond() {
        return bytes / 1e6 / median();
    }

    public double blocksPerSecond() {
        return blocks / median();
    }

    public boolean measured() {
        return !runs.isEmpty();
    }
}
