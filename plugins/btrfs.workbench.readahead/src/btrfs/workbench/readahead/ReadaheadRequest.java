package btrfs.workbench.readahead;

import java.util.Objects;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.spi.TreeLink;

/**
 * What btrfs_reada_add is given: a tree (its root block, that block's generation and, if known,
 * its level) and a key range {@code [start, end)}.
 *
 * @param label          shown in snapshots (e.g. the tree's name or id)
 * @param rootLogical    logical address of the tree's root block
 * @param rootGeneration the generation the root block must have
 * @param rootLevel      the level the root block must have (from the root item), or -1 if unknown:
 *                       then the root's own level is taken, and its children must be one below
 * @param start          first key of the range (inclusive)
 * @param end            end of the range (exclusive; {@link Key#MAX} for the whole tree)
 * @param tree           the tree's id, {@link TreeLink#UNKNOWN_TREE} if not known (then a
 *                       restart cannot find the tree's current root)
 * @param following      leaf following and generation restarts ({@link Following#NONE}: as the kernel)
 */
public record ReadaheadRequest(String label, long rootLogical, long rootGeneration, int rootLevel, Key start,
        Key end, long tree, Following following) {

    /** {@link #rootLevel()} when the root's level is not known. */
    public static final int UNKNOWN_LEVEL = -1;

    public ReadaheadRequest {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(following, "following");
        // Above BTRFS_MAX_LEVEL is allowed: a damaged root item says so, and the root block
        // then fails its level check as an error of the control instead of a crash here.
        if (rootLevel < UNKNOWN_LEVEL) {
            throw new IllegalArgumentException("root level " + rootLevel);
        }
        if (label == null) {
            label = "root@" + Long.toUnsignedString(rootLogical);
        }
    }

    /** A request of the kernel's kind: no following, tree id unknown. */
    public ReadaheadRequest(String label, long rootLogical, long rootGeneration, int rootLevel, Key start, Key end) {
        this(label, rootLogical, rootGeneration, rootLevel, start, end, TreeLink.UNKNOWN_TREE, Following.NONE);
    }

    /** This request for tree {@code treeId} with {@code how} of following. */
    public ReadaheadRequest following(long treeId, Following how) {
        return new ReadaheadRequest(label, rootLogical, rootGeneration, rootLevel, start, end, treeId, how);
    }

    /** Whether the key range is the whole key space: nothing of the tree is left out. */
    public boolean wholeRange() {
        return start.equals(Key.MIN) && end.equals(Key.MAX);
    }

    /** A range of a tree whose root level is not known. */
    public ReadaheadRequest(String label, long rootLogical, long rootGeneration, Key start, Key end) {
        this(label, rootLogical, rootGeneration, UNKNOWN_LEVEL, start, end);
    }

    /** The whole tree: {@link Key#MIN} up to {@link Key#MAX}. */
    public static ReadaheadRequest wholeTree(String label, long rootLogical, long rootGeneration) {
        return new ReadaheadRequest(label, rootLogical, rootGeneration, UNKNOWN_LEVEL, Key.MIN, Key.MAX);
    }

    /** The whole tree, whose root has level {@code rootLevel}. */
    public static ReadaheadRequest wholeTree(String label, long rootLogical, long rootGeneration, int rootLevel) {
        return new ReadaheadRequest(label, rootLogical, rootGeneration, rootLevel, Key.MIN, Key.MAX);
    }
}
