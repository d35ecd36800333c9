package btrfs.workbench.metadata.item;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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

    /** BTRFS_NAME_LEN: no name of a directory entry, inode ref or root ref is longer. */
    static final int NAME_LEN = 255;

    static int u16(ByteBuffer b, int off) {
        return Short.toUnsignedInt(b.getShort(off));
    }

    /**
     * A name stored as {@code len} raw bytes at {@code off}. btrfs stores bytes, not text; Linux
     * names are UTF-8 by convention, so that is how they are shown (bytes that are not UTF-8
     * become U+FFFD).
     */
    static String name(ByteBuffer b, int off, int len) {
        byte[] raw = new byte[len];
        b.get(off, raw);
        return new String(raw, StandardCharsets.UTF_8);
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
