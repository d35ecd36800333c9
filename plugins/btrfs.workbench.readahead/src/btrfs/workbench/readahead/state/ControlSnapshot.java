package btrfs.workbench.readahead.state;

import java.util.List;

import btrfs.workbench.metadata.key.Key;

/**
 * Progress of one readahead control (btrfs_reada_add).
 *
 * @param id              the control's id, as in the events
 * @param label           what the caller called it (e.g. a tree name)
 * @param rootLogical     the tree root's logical address
 * @param rootGeneration  the generation expected of the root
 * @param start           key range start (inclusive)
 * @param end             key range end (exclusive, kernel semantics)
 * @param elems           outstanding elements (extctl records); 0 when finished
 * @param blocks          blocks read successfully for this control
 * @param bytes           bytes of those blocks
 * @param generationSkips nodes not descended into because their generation did not match
 * @param errors          failed reads plus blocks that could not be enqueued (missing device,
 *                        unmapped)
 * @param errorList       the first {@link #ERRORS_KEPT} of those errors with their reasons
 * @param badCopies       copies of this control's blocks found bad (failed to read or validate, or in
 *                        scrub mode differing from the good copy), recovered from another copy or not
 * @param badCopyList     the first {@link #ERRORS_KEPT} of those bad copies
 */
public record ControlSnapshot(long id, String label, long rootLogical, long rootGeneration, Key start, Key end,
        ControlStatus status, long elems, long blocks, long bytes, long generationSkips, long errors,
        List<ReadError> errorList, long badCopies, List<BadCopy> badCopyList) {

    /** Errors listed per control at most; on a dying disk the count goes on, the list stops. */
    public static final int ERRORS_KEPT = 1000;

    public ControlSnapshot {
        errorList = List.copyOf(errorList);
        // snapshots written before bad copies were recorded have none
        badCopyList = badCopyList == null ? List.of() : List.copyOf(badCopyList);
    }

    public boolean finished() {
        return status == ControlStatus.DONE || status == ControlStatus.CANCELLED;
    }
}
