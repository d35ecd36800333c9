package btrfs.workbench.bench.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A whole benchmark run.
 *
 * @param started      when it started
 * @param totalSeconds how long it took, building the arrays included
 * @param quick        whether it ran with the small arrays of {@code --quick}
 * @param runs         cold-cache runs per method and array
 * @param environment  machine, tools, engine settings
 * @param arrays       the compared arrays; the first is the one the acceptance ratios are checked on
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

    /** The array issue 9's ratios are checked on: the first (the 4-device RAID1). */
    public Optional<ArrayResult> acceptanceArray() {
        return arrays.isEmpty() ? Optional.empty() : Optional.of(arrays.get(0));
    }

    /** Whether any run of any method failed. */
    public boolean hasErrors() {
        return arrays.stream().flatMap(a -> a.methods().stream()).anyMatch(m -> !m.errors().isEmpty());
    }
}
