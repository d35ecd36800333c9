package btrfs.workbench.metadata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Readers for the little-endian integers and raw uuids of btrfs on-disk
 * structures. Callers check bounds before decoding; a bad offset here is a
 * programming error, not bad input.
 */
final class DiskBytes {

    private DiskBytes() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return Short.toUnsignedInt(le(b).getShort(off));
    }

    static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong(le(b).getInt(off));
    }

    /** A u64; values above {@link Long#MAX_VALUE} come back negative (use the unsigned Long helpers). */
    static long u64(byte[] b, int off) {
        return le(b).getLong(off);
    }

    /**
     * btrfs keeps uuids as 16 raw bytes and prints them in byte order;
     * reading both halves big-endian makes {@link UUID#toString()} print the same text.
     */
    static UUID uuid(byte[] b, int off) {
        ByteBuffer be = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        return new UUID(be.getLong(off), be.getLong(off + 8));
    }

    static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
