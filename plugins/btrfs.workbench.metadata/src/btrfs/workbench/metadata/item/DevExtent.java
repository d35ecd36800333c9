package btrfs.workbench.metadata.item;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.key.Key;

/**
 * A device extent: {@code struct btrfs_dev_extent} with its key
 * (devid, DEV_EXTENT, physical start). It is the reverse of one chunk stripe.
 *
 * @param devid          the device
 * @param physical       start on the device
 * @param length         bytes on the device (the chunk's stripe length)
 * @param chunkTree      always CHUNK_TREE (3)
 * @param chunkObjectid  always FIRST_CHUNK_TREE (256)
 * @param chunkOffset    logical start of the chunk
 * @param chunkTreeUuid  the chunk tree's uuid
 */
public record DevExtent(long devid, long physical, long length, long chunkTree, long chunkObjectid,
        long chunkOffset, UUID chunkTreeUuid) {

    public static final int SIZE = 48;

    public DevExtent {
        Objects.requireNonNull(chunkTreeUuid, "chunkTreeUuid");
    }

    public static Decoded<DevExtent> decode(Key key, ByteBuffer item) {
        ByteBuffer b = ItemBytes.le(item);
        if (b.remaining() < SIZE) {
            return Decoded.bad("dev extent item of " + b.remaining() + " bytes, expected " + SIZE);
        }
        return Decoded.ok(new DevExtent(key.objectid(), key.offset(), b.getLong(24), b.getLong(0), b.getLong(8),
                b.getLong(16), ItemBytes.uuid(b, 32)));
    }
}
