package btrfs.workbench.snapshot.trace;

import btrfs.workbench.readahead.ReadaheadConfig;

/**
 * The first line of a trace: which machine wrote the events below it, so that a reader checks
 * them against the right rules (v4.19 counts a read in flight only while it is submitted).
 *
 * @param engine      "workbench" or "v4.19"
 * @param strategy    "reada" or "naive"
 * @param maxInFlight the reads in flight per device at most
 */
public record TraceHeader(String engine, String strategy, int maxInFlight) {

    /** The header of a run under {@code config}. */
    public static TraceHeader of(ReadaheadConfig config) {
        return new TraceHeader(config.engine().label(), config.strategy().label(), config.maxInFlightPerDevice());
    }
}
