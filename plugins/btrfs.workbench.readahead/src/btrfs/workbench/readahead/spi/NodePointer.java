package btrfs.workbench.readahead.spi;

import java.util.Objects;

/**
 * One child pointer of a node ({@code struct btrfs_key_ptr}).
 *
 * @param key        the first key of the child's subtree
 * @param blockptr   logical address of the child
 * @param generation the generation the child must have (checked when the child is read)
 */
public record NodePointer(Key key, long blockptr, long generation) {

    public NodePointer {
        Objects.requireNonNull(key, "key");
    }
}
