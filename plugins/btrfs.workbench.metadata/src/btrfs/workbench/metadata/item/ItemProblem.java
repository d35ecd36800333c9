package btrfs.workbench.metadata.item;

import java.util.Objects;

import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.key.Key;

/**
 * An item that cannot be used.
 *
 * @param tree   id of the tree it is in
 * @param leaf   logical address of its leaf
 * @param key    its key
 * @param reason what is wrong
 */
public record ItemProblem(long tree, long leaf, Key key, String reason) implements MetadataProblem {

    public ItemProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String message() {
        return "item " + key + " in leaf " + Long.toUnsignedString(leaf) + ": " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
