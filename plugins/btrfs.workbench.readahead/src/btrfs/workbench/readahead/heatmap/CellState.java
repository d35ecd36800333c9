package btrfs.workbench.readahead.heatmap;

/**
 * What happened to the tree-block copies in one cell of a device. A cell holds many blocks and
 * shows the most {@link #urgency() urgent} of their states: a failure must stay visible among a
 * thousand good reads, and a read in progress among finished ones.
 */
public enum CellState {
    /** No metadata (or system) block group covers this part of the device: nothing to read. */
    UNUSED(0),
    /** Metadata space where nothing happened (yet), or where another mirror served the block. */
    METADATA(1),
    /** A copy that was read successfully. */
    READ(2),
    /**
     * A node copy that was read but not descended into: its generation is not the one its parent
     * (or the root) expects, so its children are not the ones wanted.
     */
    SKIPPED(3),
    /** A copy of a block waiting for a read: any of the block's copies may serve it. */
    QUEUED(4),
    /** A copy being read right now. */
    IN_FLIGHT(5),
    /** A read of this copy failed (I/O, checksum, wrong block or level): its branch was cut. */
    FAILED(6);

    private final int urgency;

    CellState(int urgency) {
        this.urgency = urgency;
    }

    /**
     * The precedence in a cell, higher wins: FAILED &gt; IN_FLIGHT &gt; QUEUED &gt; SKIPPED &gt;
     * READ &gt; METADATA &gt; UNUSED. Stated here rather than left to the declaration order, so
     * that reordering the constants cannot change what a cell shows.
     */
    public int urgency() {
        return urgency;
    }

    /** Whichever of the two a cell holding both shows. */
    public static CellState mostUrgent(CellState a, CellState b) {
        return b.urgency > a.urgency ? b : a;
    }

    /** QUEUED and IN_FLIGHT: states a copy leaves again once its block's read completes. */
    public boolean isTransient() {
        return this == QUEUED || this == IN_FLIGHT;
    }
}
