package btrfs.workbench.readahead.state;

/**
 * What a control did beyond v4.19's readahead (see {@code Following}).
 *
 * @param links    tree blocks named by leaves (ROOT_ITEMs, extent items) that were added
 * @param shared   arrivals at a block this run had read and expanded already, not read again
 *                 (snapshots share most of their blocks)
 * @param restarts sub-readaheads started from a tree's current root below a block whose
 *                 generation had changed
 * @param changed  on a live (mounted) filesystem: blocks that were rewritten since their parent
 *                 pointed at them (another level and generation, a copy that would not validate
 *                 twice, an address in a chunk allocated during the run) — not errors
 */
public record FollowProgress(long links, long shared, long restarts, long changed) {

    public static final FollowProgress NONE = new FollowProgress(0, 0, 0, 0);
}
