package btrfs.workbench.bench.measure;

import java.util.List;

import btrfs.workbench.bench.report.Timeline;

/**
 * One cold-cache measurement.
 *
 * @param seconds wall time, opening the filesystem included
 * @param blocks  distinct tree blocks read, or -1 when the method does not say (the limit, the peers)
 * @param bytes   bytes read (a block read twice counts twice), or -1 when the method does not say (the peers)
 * @param error   why the measurement does not count (a tool failed, blocks unreadable), or null
 * @param lanes   the engine's reads per device over time; empty for the other methods
 */
public record Sample(double seconds, long blocks, long bytes, String error, List<Timeline.Lane> lanes) {

    public Sample {
        lanes = List.copyOf(lanes);
    }

    public Sample(double seconds, long blocks, long bytes, String error) {
        this(seconds, blocks, bytes, error, List.of());
    }

    public static Sample ok(double seconds, long blocks, long bytes) {
        return new Sample(seconds, blocks, bytes, null);
    }

    public boolean failed() {
        return error != null;
    }
}
