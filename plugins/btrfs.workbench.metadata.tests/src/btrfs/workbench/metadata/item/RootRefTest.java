package btrfs.workbench.metadata.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.Decoded;

/** ROOT_REF / ROOT_BACKREF data on hand-made bytes: the layout, UTF-8 names, and every bad length. */
class RootRefTest {

    /** dirid, sequence, name_len, name: what the kernel writes. */
    static byte[] bytes(long dirid, long sequence, String name) {
        byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(RootRef.HEADER_SIZE + raw.length).order(ByteOrder.LITTLE_ENDIAN).putLong(dirid)
                .putLong(sequence).putShort((short) raw.length).put(raw).array();
    }

    private static Decoded<RootRef> decode(byte[] bytes) {
        return RootRef.decode(ByteBuffer.wrap(bytes));
    }

    private static String reason(Decoded<?> decoded) {
        return assertInstanceOf(Decoded.Bad.class, decoded).reason();
    }

    @Test
    void decodesTheLink() {
        assertEquals(Decoded.ok(new RootRef(256, 3, "vol1")), decode(bytes(256, 3, "vol1")));
        assertEquals(Decoded.ok(new RootRef(-2L, 7, "snap")), decode(bytes(-2L, 7, "snap")));
    }

    @Test
    void namesAreUtf8AndMayBe255Bytes() {
        assertEquals("Schnappschuß ✓", decode(bytes(256, 1, "Schnappschuß ✓")).toOptional().orElseThrow().name());
        String longest = "x".repeat(255);
        assertEquals(longest, decode(bytes(256, 1, longest)).toOptional().orElseThrow().name());
    }

    /** The item starts at the buffer's position, as Leaf.itemData hands it over. */
    @Test
    void readsFromTheBufferPosition() {
        byte[] item = bytes(300, 9, "inner");
        ByteBuffer padded = ByteBuffer.allocate(item.length + 7);
        padded.position(7).put(item).position(7);
        assertEquals(Decoded.ok(new RootRef(300, 9, "inner")), RootRef.decode(padded));
    }

    @Test
    void truncatedHeaderIsBad() {
        byte[] item = bytes(256, 3, "vol1");
        for (int size = 0; size < RootRef.HEADER_SIZE; size++) {
            assertTrue(reason(decode(Arrays.copyOf(item, size))).contains("shorter than its 18-byte header"));
        }
    }

    @Test
    void truncatedOrOverlongNameIsBad() {
        byte[] item = bytes(256, 3, "vol1");
        assertEquals("root ref of 21 bytes, expected 22 for name_len 4", reason(decode(Arrays.copyOf(item, 21))));
        assertEquals("root ref of 23 bytes, expected 22 for name_len 4", reason(decode(Arrays.copyOf(item, 23))));
    }

    @Test
    void emptyOrTooLongNameIsBad() {
        assertEquals("root ref name_len 0 is not 1..255", reason(decode(bytes(256, 3, ""))));
        byte[] item = bytes(256, 3, "x".repeat(256));
        assertEquals("root ref name_len 256 is not 1..255", reason(decode(item)));
    }
}
