package btrfs.workbench.metadata.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;


/** Key order and the names btrfs-progs prints for keys, key types and tree ids. */
class KeyTest {

    @Test
    void keysCompareUnsigned() {
        Key dataReloc = new Key(ObjectIds.DATA_RELOC_TREE, KeyType.ROOT_ITEM.code(), 0);
        Key fsTree = new Key(ObjectIds.FS_TREE, KeyType.ROOT_ITEM.code(), 0);
        assertTrue(fsTree.isBefore(dataReloc), "(u64)-9 sorts after 5");
        assertTrue(new Key(5, 1, -1L).isBefore(new Key(5, 2, 0)));
        assertTrue(new Key(5, 1, 1).isBefore(new Key(5, 1, -1L)));
        assertTrue(Key.MIN.isBefore(Key.MAX));
    }

    @Test
    void keysPrintLikeBtrfsProgs() {
        assertEquals("(EXTENT_TREE ROOT_ITEM 0)", new Key(2, 132, 0).toString());
        assertEquals("(DEV_ITEMS DEV_ITEM 1)", new Key(1, 216, 1).toString());
        assertEquals("(FIRST_CHUNK_TREE CHUNK_ITEM 22020096)", new Key(256, 228, 22020096).toString());
        assertEquals("(256 INODE_ITEM 0)", new Key(256, 1, 0).toString());
        assertEquals("(0 UNKNOWN.0 0)", new Key(0, 0, 0).toString());
        assertEquals("(FS_TREE ROOT_ITEM 18446744073709551615)", new Key(5, 132, -1L).toString());
        assertEquals("(DATA_RELOC_TREE ROOT_ITEM 0)", new Key(-9L, 132, 0).toString());
        assertEquals("(TREE_RELOC ROOT_ITEM FS_TREE)", new Key(-8L, 132, 5).toString());
        assertEquals("(257 EXTENT_DATA -1)", new Key(257, 108, -1L).toString());
        assertEquals("(1 DEV_EXTENT 1048576)", new Key(1, 204, 1048576).toString());
        assertEquals("(DEV_STATS PERSISTENT_ITEM 1)", new Key(0, 249, 1).toString());
        assertEquals("(0 QGROUP_INFO 0/256)", new Key(0, 242, 256).toString());
        assertEquals("(1/100 QGROUP_RELATION 0/256)", new Key((1L << 48) | 100, 246, 256).toString());
        assertEquals("(FREE_SPACE UNTYPED 30408704)", new Key(-11L, 0, 30408704).toString());
        assertEquals("(0x0123456789abcdef UUID_KEY_SUBVOL 0xfedcba9876543210)",
                new Key(0x0123456789abcdefL, 251, 0xfedcba9876543210L).toString());
    }

    @Test
    void treeNamesRoundTrip() {
        for (long id : new long[] { 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, -6, -7, -8, -9, 256, 18446744073709551L }) {
            assertEquals(OptionalLong.of(id), ObjectIds.parseTreeName(ObjectIds.treeName(id)),
                    Long.toUnsignedString(id));
        }
        assertEquals("DATA_RELOC_TREE", ObjectIds.treeName(Long.parseUnsignedLong("18446744073709551607")));
        assertTrue(ObjectIds.isSubvolume(5) && ObjectIds.isSubvolume(256) && !ObjectIds.isSubvolume(-9));
    }

    @Test
    void treeIdsAsUsersTypeThem() {
        assertEquals(OptionalLong.of(5), ObjectIds.parseTreeId("fs"));
        assertEquals(OptionalLong.of(5), ObjectIds.parseTreeId("FS_TREE"));
        assertEquals(OptionalLong.of(10), ObjectIds.parseTreeId("free-space"));
        assertEquals(OptionalLong.of(7), ObjectIds.parseTreeId("checksum"));
        assertEquals(OptionalLong.of(-9), ObjectIds.parseTreeId("data-reloc"));
        assertEquals(OptionalLong.of(-9), ObjectIds.parseTreeId("-9"));
        assertEquals(OptionalLong.of(-9), ObjectIds.parseTreeId("18446744073709551607"));
        assertEquals(OptionalLong.of(-6), ObjectIds.parseTreeId("tree-log"));
        assertEquals(OptionalLong.of(257), ObjectIds.parseTreeId("257"));
        assertEquals(OptionalLong.empty(), ObjectIds.parseTreeId("nonsense"));
    }

    @Test
    void everyNamedKeyTypeHasItsCode() {
        for (KeyType type : KeyType.values()) {
            assertEquals(type, KeyType.fromCode(type.code()).orElseThrow());
            assertEquals(type.name(), KeyType.name(256, type.code()));
        }
        assertEquals("UNKNOWN.77", KeyType.name(256, 77));
    }
}
