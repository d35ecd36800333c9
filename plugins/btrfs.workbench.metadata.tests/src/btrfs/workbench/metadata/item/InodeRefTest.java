package btrfs.workbench.metadata.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.Decoded;

/** INODE_REF data on hand-made bytes: one entry, several packed entries, and every bad length. */
class InodeRefTest {

    /** One entry: index, name_len, name. */
    static byte[] entry(long index, String name) {
        byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(InodeRef.HEADER_SIZE + raw.length).order(ByteOrder.LITTLE_ENDIAN).putLong(index)
                .putShort((short) raw.length).put(raw).array();
    }

    static byte[] item(byte[]... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    private static Decoded<List<InodeRef>> decode(byte[] bytes) {
        return InodeRef.decodeAll(ByteBuffer.wrap(bytes));
    }

    private static String reason(Decoded<?> decoded) {
        return assertInstanceOf(Decoded.Bad.class, decoded).reason();
    }

    @Test
    void decodesOneEntry() {
        assertEquals(Decoded.ok(List.of(new InodeRef(2, "dir"))), decode(entry(2, "dir")));
    }

    /** Hard links of one inode in one directory share the item, entry after entry. */
    @Test
    void decodesPackedEntriesInOrder() {
        assertEquals(Decoded.ok(List.of(new InodeRef(5, "a"), new InodeRef(6, "link-två"), new InodeRef(9, "c"))),
                decode(item(entry(5, "a"), entry(6, "link-två"), entry(9, "c"))));
    }

    @Test
    void emptyItemIsBad() {
        assertEquals("inode ref item without entries", reason(decode(new byte[0])));
    }

    @Test
    void truncatedHeaderIsBad() {
        byte[] two = item(entry(5, "a"), entry(6, "bb"));
        assertEquals("inode ref entry at byte 0 of 9 has no room for its 10-byte header",
                reason(decode(Arrays.copyOf(two, 9))));
        // the first entry is whole (11 bytes), the second's header is cut after 4 bytes
        assertEquals("inode ref entry at byte 11 of 15 has no room for its 10-byte header",
                reason(decode(Arrays.copyOf(two, 15))));
    }

    @Test
    void truncatedNameIsBad() {
        byte[] two = item(entry(5, "a"), entry(6, "bb"));
        assertEquals("inode ref entry at byte 11: name of 2 bytes runs past the 22-byte item",
                reason(decode(Arrays.copyOf(two, 22))));
    }

    @Test
    void emptyOrTooLongNameIsBad() {
        assertEquals("inode ref entry at byte 0: name_len 0 is not 1..255", reason(decode(entry(1, ""))));
        assertEquals("inode ref entry at byte 0: name_len 300 is not 1..255",
                reason(decode(entry(1, "y".repeat(300)))));
    }
}
