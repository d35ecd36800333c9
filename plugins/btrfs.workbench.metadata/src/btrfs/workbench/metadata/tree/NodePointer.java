package btrfs.workbench.metadata.tree;

import java.util.Objects;

import btrfs.workbench.metadata.key.Key;

/**
 * {@code struct btrfs_key_ptr}: one child of a node.
 *
 * @param key        the first key of the child's subtree
 * @param blockptr   logical address of the child
 * @param generation transaction that wrote the child; a read must find exactly this
 */
public record NodePointer(Key key, long blockptr, long generation) {

    /** On-disk size: key, u64 blockptr, u64 generation. */
    public static final int SIZE = Key.SIZE + 16;

    public NodePointer {
        Objects.requireNonNull(key, "key");
    }
}
