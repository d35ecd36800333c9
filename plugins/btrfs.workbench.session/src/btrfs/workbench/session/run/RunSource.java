package btrfs.workbench.session.run;

import java.util.List;

import btrfs.workbench.readahead.spi.BlockGroup;

/**
 * What the live views show: a run going on now ({@link LiveRun}), one recorded in a diagnostic
 * snapshot ({@link SnapshotRun}) or a recording played back ({@link ReplayRun}); the views cannot
 * tell them apart but by {@link #offlineMark()}.
 */
public interface RunSource {

    /** The array's label, or its fsid. */
    String arrayName();

    /** A short name: the array and the trees. */
    String label();

    /** The newest frame; never null. */
    RunFrame frame();

    /** The metadata block groups on device {@code devid}, in logical order. */
    List<BlockGroup> metadataZones(long devid);

    /** Asks for positions {@code from .. from + count - 1} of device {@code devid}'s queue in the next frames. */
    void wantQueue(long devid, int from, int count);

    /**
     * How every view marks a run that is not going on now ("snapshot TIME", "replay FILE"), or
     * null for a live run.
     */
    default String offlineMark() {
        return null;
    }

    /**
     * Tells {@code listener} (on any thread) when the frame changed by itself: a replay moved on,
     * a snapshot's queue page arrived. A live run's frames are sampled, not announced.
     */
    default void addChangeListener(Runnable listener) {
    }

    default void removeChangeListener(Runnable listener) {
    }
}
