package btrfs.workbench.readahead;

/**
 * Which schedule the reada strategy keeps: v4.19's exactly, or the workbench's, which departs from
 * it where a measurement or a hang showed why. Each difference is one method here with its
 * reason, so that nobody has to take it on trust: run the same readahead both ways and compare
 * the traces. (Beyond the schedule, the workbench adds modes v4.19 lacks — failover, scrub,
 * coalescing, following leaves — each its own option, all off in v4.19 mode.)
 */
public enum EngineMode {
    /** The default: v4.19's machine with the deviations below. */
    WORKBENCH("workbench"),
    /** fs/btrfs/reada.c of Linux v4.19 as it was, quirks included. */
    V4_19("v4.19");

    private final String label;

    EngineMode(String label) {
        this.label = label;
    }

    /** "workbench" or "v4.19", as on the command line and in reports, traces and snapshots. */
    public String label() {
        return label;
    }

    /** The mode named {@code label}. */
    public static EngineMode of(String label) {
        for (EngineMode m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + label + "' (workbench or v4.19)");
    }

    /**
     * Deviation: v4.19 increments reada_in_flight around the submission only and decrements it
     * as soon as the bio is queued, leaving the block layer's queue to bound the outstanding I/O
     * (MAX_IN_FLIGHT then only limits submissions racing on several CPUs). An asynchronous read
     * here returns at once and has no such queue behind it, so the workbench keeps a read in
     * flight until its completion: MAX_IN_FLIGHT bounds the reads outstanding per device, which
     * keeps each device's reads in ascending order.
     */
    boolean holdsInFlightUntilCompletion() {
        return this == WORKBENCH;
    }

    /**
     * Deviation: at an extent that is being read already (from a peer mirror) or has no records
     * left, v4.19 moves the pointer past it and returns 0 for the device in this round. When reads
     * complete at once (blocks in the page cache), a device sharing a zone with a peer one block
     * ahead then loses every round to it — one mirror reads everything (the kernel notes that
     * cached readahead is "effectively single threaded"). The workbench skips on to the next
     * extent that needs a read, so both devices keep reading, leapfrogging through the zone.
     */
    boolean skipsBusyExtents() {
        return this == WORKBENCH;
    }

    /**
     * Deviation: v4.19 reads the copy {@code mirror_num = i + 1} where i is the device's index in
     * the extent's zone array — compacted, missing devices left out — while btrfs_map_block counts
     * mirrors over all stripes. With stripe 0 on a missing device, the device holding stripe 1
     * reads stripe 0: a read of the missing device, which fails and cuts the branch. The
     * workbench reads the device's own copy.
     */
    boolean readsOwnCopy() {
        return this == WORKBENCH;
    }

    /**
     * Deviation: v4.19 does not check a block's level against its parent's. The workbench treats
     * a block at another level as damaged (the kernel's tree checker rejects it on a normal read).
     * The v4.19 mode keeps the one part of it that no valid tree can notice: a block above the
     * level its parent implies ends its branch. Levels then strictly decrease along every path,
     * so a pointer cycle in a damaged tree ends as an error — where v4.19 read it forever.
     *
     * @param expected the level the parent implies (its own minus one), -1 when unknown
     * @param found    the level in the block's header
     */
    boolean acceptsLevel(int expected, int found) {
        return expected < 0 || (this == WORKBENCH ? found == expected : found <= expected);
    }
}
