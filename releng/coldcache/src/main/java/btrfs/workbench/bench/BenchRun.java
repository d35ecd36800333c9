package btrfs.workbench.bench;

import java.util.List;

import btrfs.workbench.bench.report.BenchResult;
import btrfs.workbench.bench.report.Timeline;

/**
 * What one benchmark run produced: the table, and the timeline of the median run of every engine
 * readahead (fs tree, all trees) on every compared array.
 */
public record BenchRun(BenchResult result, List<Timeline> timelines) {

    public BenchRun {
        timelines = List.copyOf(timelines);
    }
}
