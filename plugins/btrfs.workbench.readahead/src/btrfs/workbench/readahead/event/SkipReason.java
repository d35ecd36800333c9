package btrfs.workbench.readahead.event;

/** Why a block was not enqueued (or not descended into) for a control. */
public enum SkipReason {
    /** The block's generation differs from the one its parent pointer (or the root) expects. */
    GENERATION("generation"),
    /**
     * The block's level is not the one its parent implies (parent level - 1, or the root level
     * given to the control): corruption, counted as an error. Not in the kernel's readahead; it
     * guarantees that a pointer cycle in a damaged tree cannot make the readahead loop forever.
     */
    LEVEL("level"),
    /** The child's key span does not intersect the control's key range. */
    RANGE("range"),
    /** No copy of the block lies on a present device (that is not a dev-replace target). */
    MISSING_DEVICE("missing-device"),
    /** The address is not mapped by any chunk (or a block crosses a chunk's end). */
    UNMAPPED("unmapped");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    /** The name used in the event stream: generation, level, range, missing-device, unmapped. */
    public String label() {
        return label;
    }

    /** The {@link #label()}, so that serializers writing enums by toString use the stream name. */
    @Override
    public String toString() {
        return label;
    }
}
