package btrfs.workbench.readahead.heatmap;

/**
 * The state of one copy of a tree block: what it shows now, and what it goes back to when a
 * transient state ends without a read of this copy (another mirror served the block, or the
 * readahead was cancelled). Interned: there are only 49 combinations, and the recorder changes
 * states on the engine's hot path.
 *
 * @param shown   the state shown now
 * @param settled the last state that was not transient (QUEUED, IN_FLIGHT)
 */
record CopyState(CellState shown, CellState settled) {

    private static final CellState[] STATES = CellState.values();
    private static final CopyState[] ALL = new CopyState[STATES.length * STATES.length];

    static {
        for (CellState shown : STATES) {
            for (CellState settled : STATES) {
                ALL[shown.ordinal() * STATES.length + settled.ordinal()] = new CopyState(shown, settled);
            }
        }
    }

    /** A copy where nothing happened. */
    static final CopyState UNTOUCHED = of(CellState.METADATA, CellState.METADATA);

    static CopyState of(CellState shown, CellState settled) {
        return ALL[shown.ordinal() * STATES.length + settled.ordinal()];
    }

    /** A settled state, shown as it is. */
    static CopyState settled(CellState state) {
        return of(state, state);
    }

    /** Waiting for a read; unchanged if already waiting or being read. */
    CopyState queued() {
        return shown.isTransient() ? this : of(CellState.QUEUED, shown);
    }

    /** Being read now. */
    CopyState inFlight() {
        return of(CellState.IN_FLIGHT, settled);
    }

    /** No longer waiting, not read: back to what it showed before. */
    CopyState unqueued() {
        return shown == CellState.QUEUED ? settled(settled) : this;
    }
}
