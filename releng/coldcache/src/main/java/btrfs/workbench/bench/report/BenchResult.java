package btrfs.workbench.bench.report;

import java.time.Instant;
import java.util.List;

/**
 * A whole benchmark run.
 *
 * @param started      when it started
 * @param totalSeconds how long it took, building the arrays included
 * @param quick        whether it ran with the small arrays of {@code --quick}
 * @param runs         cold-cache runs per method and array
 * @param environment  machine, tools, engine settings
 * @param arrays       the compared arrays; the acceptance ratios are checked on each
 * @param scaling      the fs-tree readahead on arrays of growing size
 */
public record BenchResult(Instant started, double totalSeconds, boolean quick, int runs, Environment environment,
        List<ArrayResult> arrays, List<ScalingPoint> scaling) {

    public BenchResult {
        arrays = List.copyOf(arrays);
        scaling = List.copyOf(scaling);
    }

    /** Seconds against blocks over the scaling series: a straight line is linear cost. */
    public Stats.Fit scalingFit() {
        double[] x = scaling.stream().mapToDouble(ScalingPoint::blocks).toArray();
        double[] y = scaling.stream().mapToDouble(ScalingPoint::median).toArray();
        return Stats.fit(x, y);
    }


    /** Whether any run of any method failed. */
    public boolean hasErrors() {
        return arrays.stream().flatMap(a -> a.methods().stream()).anyMatch(m -> !m.errors().isEmpty());
    }
}
