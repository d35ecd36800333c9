package btrfs.workbench.metadata.item;

import java.nio.ByteBuffer;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyType;

/**
 * The head of an extent-tree item, {@code struct btrfs_extent_item} (refs, generation, flags) of
 * an EXTENT_ITEM or a skinny METADATA_ITEM, with the level of a tree block: from the key offset of
 * a METADATA_ITEM, from the {@code struct btrfs_tree_block_info} after the head of an EXTENT_ITEM
 * of a tree block. The inline references behind are not decoded.
 *
 * @param refs       references to the extent
 * @param generation the transaction that allocated it (for a tree block: its header's generation)
 * @param flags      {@link #FLAG_DATA}, {@link #FLAG_TREE_BLOCK}, {@link #FLAG_FULL_BACKREF}
 * @param level      the tree block's level, -1 for a data extent
 * @param owner      for a tree block whose first inline reference is a TREE_BLOCK_REF: the tree
 *                   that owns it (the reference's offset); else 0 (a shared block, a data extent, no
 *                   inline reference)
 */
public record ExtentItem(long refs, long generation, long flags, int level, long owner) {

    public static final long FLAG_DATA = 1;
    public static final long FLAG_TREE_BLOCK = 2;
    public static final long FLAG_FULL_BACKREF = 1L << 8;

    /** refs, generation, flags. */
    public static final int HEAD_SIZE = 24;
    /** A disk key and a u8 level. */
    public static final int TREE_BLOCK_INFO_SIZE = Key.SIZE + 1;
    /** BTRFS_TREE_BLOCK_REF_KEY: an inline reference naming the owning tree. */
    private static final int TREE_BLOCK_REF = 176;
    /** BTRFS_MAX_LEVEL: tree blocks have levels 0 to 7. */
    private static final int MAX_LEVEL = 8;

    public boolean treeBlock() {
        return (flags & FLAG_TREE_BLOCK) != 0;
    }

    /**
     * Decodes the item of {@code key} (EXTENT_ITEM or METADATA_ITEM). Items of the v0 format
     * (before kernel 2.6.31, shorter than the head) are refused as such.
     */
    public static Decoded<ExtentItem> decode(Key key, ByteBuffer item) {
        ByteBuffer b = ItemBytes.le(item);
        int size = b.remaining();
        boolean metadata = key.type() == KeyType.METADATA_ITEM.code();
        if (!metadata && key.type() != KeyType.EXTENT_ITEM.code()) {
            return Decoded.bad("key type " + key.type() + " is not an extent item");
        }
        if (size < HEAD_SIZE) {
            return Decoded.bad("extent item of " + size + " bytes is shorter than " + HEAD_SIZE + " (v0 format?)");
        }
        long flags = b.getLong(16);
        int level = -1;
        int refs = HEAD_SIZE;
        if (metadata) {
            if (Long.compareUnsigned(key.offset(), MAX_LEVEL) >= 0) {
                return Decoded.bad("metadata item of level " + Long.toUnsignedString(key.offset()));
            }
            level = (int) key.offset();
        } else if ((flags & FLAG_TREE_BLOCK) != 0) {
            if (size < HEAD_SIZE + TREE_BLOCK_INFO_SIZE) {
                return Decoded.bad("tree block extent item of " + size + " bytes has no tree_block_info");
            }
            level = ItemBytes.u8(b, HEAD_SIZE + Key.SIZE);
            refs += TREE_BLOCK_INFO_SIZE;
            if (level >= MAX_LEVEL) {
                return Decoded.bad("tree block extent item of level " + level);
            }
        }
        if (metadata && (flags & FLAG_TREE_BLOCK) == 0) {
            return Decoded.bad("metadata item without the tree block flag");
        }
        return Decoded.ok(new ExtentItem(b.getLong(0), b.getLong(8), flags, level, owner(b, refs, level)));
    }

    /** The offset of a first inline TREE_BLOCK_REF (type u8, offset u64) at {@code at}, else 0. */
    private static long owner(ByteBuffer b, int at, int level) {
        if (level < 0 || b.remaining() < at + 9 || ItemBytes.u8(b, at) != TREE_BLOCK_REF) {
            return 0;
        }
        return b.getLong(at + 1);
    }
}
