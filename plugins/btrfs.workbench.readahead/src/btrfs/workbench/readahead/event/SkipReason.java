package btrfs.workbench.readahead.event;

/** Why a block was not enqueued (or not descended into) for a control. */
public enum SkipReason {
    /** The block's generation differs from the one its parent pointer (or the root) expects. */
    GENERATION("generation", "generation differs from the one its parent expects"),
    /**
     * The block's level is not the one its parent implies (parent level - 1, or the root level
     * given to the control): corruption, counted as an error. Not in the kernel's readahead; it
     * guarantees that a pointer cycle in a damaged tree cannot make the readahead loop forever.
     */
    LEVEL("level", "level differs from the one its parent implies"),
    /** The child's key span does not intersect the control's key range. */
    RANGE("range", "outside the key range"),
    /** No copy of the block lies on a present device (that is not a dev-replace target). */
    MISSING_DEVICE("missing-device", "no copy of the block on a present device"),
    /** The address is not mapped by any chunk (or a block crosses a chunk's end). */
    UNMAPPED("unmapped", "no chunk maps this address"),
    /**
     * The block crosses a stripe unit boundary of a striped profile: its halves lie on different
     * devices, so no single copy holds it (btrfs_map_block returns length &lt; nodesize, which
     * reada_find_extent refuses). btrfs never writes such a block: a damaged pointer.
     */
    STRIPE_BOUNDARY("stripe-boundary", "the block crosses a stripe boundary"),
    /**
     * Not in the kernel: a control that follows leaves reached a block this run has read (or is
     * reading) with everything below it already — a block snapshots share is read once.
     */
    SHARED("shared", "read already in this run"),
    /**
     * The block's address is still queued on a device by an extent being released: the insert
     * is undone, all or nothing, as the kernel does on -EEXIST (it cannot happen while an extent
     * leaves every map at once; a safety net, never a silent half-queued block).
     */
    BUSY("busy", "still queued by a block being released");

    private final String label;
    private final String explanation;

    SkipReason(String label, String explanation) {
        this.label = label;
        this.explanation = explanation;
    }

    /** A sentence for the user, e.g. in a control's error list. */
    public String explanation() {
        return explanation;
    }

    /** The name used in the event stream: generation, level, range, missing-device, unmapped, stripe-boundary, shared, busy. */
    public String label() {
        return label;
    }

    /** The {@link #label()}, so that serializers writing enums by toString use the stream name. */
    @Override
    public String toString() {
        return label;
    }
}
