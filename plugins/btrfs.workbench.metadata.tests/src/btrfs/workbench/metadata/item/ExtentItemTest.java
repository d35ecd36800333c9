package btrfs.workbench.metadata.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.key.Key;

/** EXTENT_ITEM / METADATA_ITEM heads on hand-made bytes: levels, owners, and what is refused. */
class ExtentItemTest {

    private static final int EXTENT_ITEM = 168;
    private static final int METADATA_ITEM = 169;

    /** refs, generation, flags, then {@code tail} (tree_block_info and/or inline refs). */
    private static ByteBuffer item(long refs, long generation, long flags, byte[] tail) {
        return ByteBuffer.allocate(ExtentItem.HEAD_SIZE + tail.length).order(ByteOrder.LITTLE_ENDIAN).putLong(refs)
                .putLong(generation).putLong(flags).put(tail).flip();
    }

    /** An inline reference: type u8, offset u64. */
    private static byte[] ref(int type, long offset) {
        return ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) type).putLong(offset).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** struct btrfs_tree_block_info: a disk key (17 bytes) and the level. */
    private static byte[] treeBlockInfo(int level) {
        byte[] info = new byte[ExtentItem.TREE_BLOCK_INFO_SIZE];
        info[Key.SIZE] = (byte) level;
        return info;
    }

    private static String reason(Decoded<?> decoded) {
        return assertInstanceOf(Decoded.Bad.class, decoded).reason();
    }

    @Test
    void aSkinnyMetadataItemHasItsLevelInTheKeyAndItsOwnerInTheFirstRef() {
        Decoded<ExtentItem> d = ExtentItem.decode(new Key(30408704, METADATA_ITEM, 1),
                item(1, 9, ExtentItem.FLAG_TREE_BLOCK, ref(176, 5)));
        assertEquals(Decoded.ok(new ExtentItem(1, 9, ExtentItem.FLAG_TREE_BLOCK, 1, 5)), d);
        assertTrue(d.toOptional().orElseThrow().treeBlock());
    }

    @Test
    void aFatExtentItemOfATreeBlockHasItsLevelInTheTreeBlockInfo() {
        Decoded<ExtentItem> d = ExtentItem.decode(new Key(30408704, EXTENT_ITEM, 16384),
                item(1, 12, ExtentItem.FLAG_TREE_BLOCK, concat(treeBlockInfo(2), ref(176, 257))));
        assertEquals(Decoded.ok(new ExtentItem(1, 12, ExtentItem.FLAG_TREE_BLOCK, 2, 257)), d);
    }

    @Test
    void aSharedBlockHasNoOwnerAndADataExtentNoLevel() {
        assertEquals(0, ExtentItem.decode(new Key(1 << 20, METADATA_ITEM, 0),
                item(2, 9, ExtentItem.FLAG_TREE_BLOCK, ref(182, 1 << 22))).toOptional().orElseThrow().owner());
        ExtentItem data = ExtentItem.decode(new Key(1 << 20, EXTENT_ITEM, 4096),
                item(1, 9, ExtentItem.FLAG_DATA, new byte[0])).toOptional().orElseThrow();
        assertEquals(-1, data.level());
        assertEquals(0, data.owner());
    }

    @Test
    void badItemsAreRefusedWithAReason() {
        assertTrue(reason(ExtentItem.decode(new Key(1, EXTENT_ITEM, 4096), item(1, 1, 0, new byte[0]).limit(16)))
                .contains("shorter than 24"));
        assertTrue(reason(ExtentItem.decode(new Key(1, METADATA_ITEM, 8),
                item(1, 1, ExtentItem.FLAG_TREE_BLOCK, new byte[0]))).contains("level 8"));
        assertTrue(reason(ExtentItem.decode(new Key(1, METADATA_ITEM, 0), item(1, 1, ExtentItem.FLAG_DATA,
                new byte[0]))).contains("without the tree block flag"));
        assertTrue(reason(ExtentItem.decode(new Key(1, EXTENT_ITEM, 16384),
                item(1, 1, ExtentItem.FLAG_TREE_BLOCK, new byte[5]))).contains("no tree_block_info"));
        assertTrue(reason(ExtentItem.decode(new Key(1, EXTENT_ITEM, 16384),
                item(1, 1, ExtentItem.FLAG_TREE_BLOCK, treeBlockInfo(9)))).contains("level 9"));
        assertTrue(reason(ExtentItem.decode(new Key(1, 132, 0), item(1, 1, 0, new byte[0])))
                .contains("not an extent item"));
    }
}
