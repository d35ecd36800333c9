package btrfs.workbench.metadata.tree;

import java.util.Objects;

import btrfs.workbench.metadata.key.Key;

/**
 * A child to read, with everything its parent says about it.
 *
 * @param pointer the parent's key pointer (first key, address, generation)
 * @param level   the level the child must have: one below the parent
 * @param top     upper bound (exclusive) of the child's key span: the next pointer's key in the parent
 */
public record ChildRef(NodePointer pointer, int level, Key top) {

    public ChildRef {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(top, "top");
    }

    public long bytenr() {
        return pointer.blockptr();
    }

    public long generation() {
        return pointer.generation();
    }
}
