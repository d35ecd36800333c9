package btrfs.workbench.readahead;

/**
 * What a readahead does beyond v4.19's: follow what leaves name, and restart below blocks that
 * changed. Both off is the kernel's behaviour.
 *
 * @param leaves   follow leaves: every tree a ROOT_ITEM names and every tree block an extent
 *                 item names is read as well, each block once in the whole run (the FIXME in
 *                 __readahead_hook: "we could trigger more readahead depending from the
 *                 content")
 * @param restarts a child whose generation differs from its parent's pointer (the tree changed
 *                 since the parent was read) is not just dropped ("this will probably cut off a
 *                 branch from prefetch"): its key span is read again from the tree's current root
 */
public record Following(boolean leaves, boolean restarts) {

    /** The kernel's behaviour. */
    public static final Following NONE = new Following(false, false);

    /** A restarted sub-readahead that meets a changed block again restarts at most this often. */
    public static final int MAX_RESTARTS = 3;

    public boolean any() {
        return leaves || restarts;
    }
}
