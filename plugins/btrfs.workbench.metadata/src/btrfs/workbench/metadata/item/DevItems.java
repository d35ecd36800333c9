package btrfs.workbench.metadata.item;

import java.nio.ByteBuffer;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.DevItem;

/** Decodes DEV_ITEMs of the chunk tree (the same struct the superblock embeds). */
public final class DevItems {

    private DevItems() {
    }

    public static Decoded<DevItem> decode(ByteBuffer item) {
        ByteBuffer b = ItemBytes.le(item);
        if (b.remaining() < DevItem.SIZE) {
            return Decoded.bad("dev item of " + b.remaining() + " bytes, expected " + DevItem.SIZE);
        }
        return Decoded.ok(new DevItem(b.getLong(0), b.getLong(8), b.getLong(16), ItemBytes.u32(b, 24),
                ItemBytes.u32(b, 28), ItemBytes.u32(b, 32), b.getLong(36), b.getLong(44), b.getLong(52),
                ItemBytes.u32(b, 60), ItemBytes.u8(b, 64), ItemBytes.u8(b, 65), ItemBytes.uuid(b, 66),
                ItemBytes.uuid(b, 82)));
    }
}
