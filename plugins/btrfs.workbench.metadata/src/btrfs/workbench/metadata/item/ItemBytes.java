package btrfs.workbench.metadata.item;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/** Little-endian field access on one item's data (position 0 is the item's first byte). */
final class ItemBytes {

    private ItemBytes() {
    }

    static ByteBuffer le(ByteBuffer item) {
        return item.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    static long u32(ByteBuffer b, int off) {
        return Integer.toUnsignedLong(b.getInt(off));
    }

    static int u8(ByteBuffer b, int off) {
        return b.get(off) & 0xff;
    }

    /** uuids are raw bytes printed in order; reading both halves big-endian gives the same text. */
    static UUID uuid(ByteBuffer b, int off) {
        ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new UUID(be.getLong(off), be.getLong(off + 8));
    }
}
