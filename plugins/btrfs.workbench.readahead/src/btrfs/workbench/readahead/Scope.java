package btrfs.workbench.readahead;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.spi.TreeLink;

/**
 * Not in v4.19: the tree and key range a record reads below its block when they are not its
 * control's own. A tree reached by following a leaf is read whole; a restart reads one key span
 * of a tree again. One instance is shared by all records below the block that introduced it, so
 * that records stay small.
 *
 * @param restarts how many restarts led here (bounded by {@link Following#MAX_RESTARTS})
 */
record Scope(long tree, Key start, Key end, int restarts) {

    /** A block named by an extent item: its tree is not known, it is read with all below it. */
    static final Scope WHOLE_UNKNOWN = new Scope(TreeLink.UNKNOWN_TREE, Key.MIN, Key.MAX, 0);

    static Scope whole(long tree) {
        return tree == TreeLink.UNKNOWN_TREE ? WHOLE_UNKNOWN : new Scope(tree, Key.MIN, Key.MAX, 0);
    }
}
