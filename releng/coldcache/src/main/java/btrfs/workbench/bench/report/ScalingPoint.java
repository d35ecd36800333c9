package btrfs.workbench.bench.report;

import java.util.List;

/**
 * The fs-tree readahead on one array of the scaling series.
 *
 * @param array  the array's name
 * @param blocks fs-tree blocks
 * @param runs   seconds of every run
 */
public record ScalingPoint(String array, long blocks, List<Double> runs) {

    public ScalingPoint {
        runs = List.copyOf(runs);
    }

    public double median() {
        return Stats.median(runs);
    }
}
