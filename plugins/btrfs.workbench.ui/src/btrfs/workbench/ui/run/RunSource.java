package btrfs.workbench.ui.run;

import java.util.List;

import btrfs.workbench.readahead.spi.BlockGroup;

/**
 * What the live views show: a run going on now ({@link LiveRun}) or one recorded in a diagnostic
 * snapshot ({@link SnapshotRun}), opened without any device.
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
}
