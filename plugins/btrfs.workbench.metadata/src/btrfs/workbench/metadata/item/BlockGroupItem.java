package btrfs.workbench.metadata.item;

import java.nio.ByteBuffer;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.chunk.BlockGroupType;
import btrfs.workbench.metadata.key.Key;

/**
 * A block group: {@code struct btrfs_block_group_item} with its key
 * (logical start, BLOCK_GROUP_ITEM, length).
 *
 * @param logical        start, equal to its chunk's
 * @param length         size, equal to its chunk's
 * @param used           bytes allocated in it
 * @param chunkObjectid  always FIRST_CHUNK_TREE (256)
 * @param flags          type and profile, equal to its chunk's
 */
public record BlockGroupItem(long logical, long length, long used, long chunkObjectid, long flags) {

    public static final int SIZE = 24;

    public String typeString() {
        return BlockGroupType.toString(flags);
    }

    public static Decoded<BlockGroupItem> decode(Key key, ByteBuffer item) {
        ByteBuffer b = ItemBytes.le(item);
        if (b.remaining() < SIZE) {
            return Decoded.bad("block group item of " + b.remaining() + " bytes, expected " + SIZE);
        }
        return Decoded.ok(new BlockGroupItem(key.objectid(), key.offset(), b.getLong(0), b.getLong(8), b.getLong(16)));
    }
}
