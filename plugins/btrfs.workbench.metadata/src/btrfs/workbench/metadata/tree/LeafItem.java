package btrfs.workbench.metadata.tree;

import java.util.Objects;

import btrfs.workbench.metadata.key.Key;

/**
 * {@code struct btrfs_item}: one item of a leaf.
 *
 * @param key    the item's key
 * @param offset where the item data starts, counted from the end of the header
 * @param size   length of the item data
 */
public record LeafItem(Key key, int offset, int size) {

    /** On-disk size: key, u32 offset, u32 size. */
    public static final int SIZE = Key.SIZE + 8;

    public LeafItem {
        Objects.requireNonNull(key, "key");
    }

    /** Start of the data inside the block (offsets are relative to the end of the header). */
    public int dataStart() {
        return Header.SIZE + offset;
    }
}
