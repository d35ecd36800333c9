package btrfs.workbench.metadata.tree;

import static btrfs.workbench.metadata.tree.SyntheticTree.NODESIZE;
import static btrfs.workbench.metadata.tree.SyntheticTree.at;
import static btrfs.workbench.metadata.tree.SyntheticTree.key;
import static btrfs.workbench.metadata.tree.SyntheticTree.le;
import static btrfs.workbench.metadata.tree.SyntheticTree.leaf;
import static btrfs.workbench.metadata.tree.SyntheticTree.node;
import static btrfs.workbench.metadata.tree.SyntheticTree.pointer;
import static btrfs.workbench.metadata.tree.SyntheticTree.seal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.BlockProblem.Kind;

/** Every check of a tree block copy, each reached with an otherwise valid, correctly checksummed block. */
class TreeBlockParserTest {

    private static final long GEN = 7;
    private final TreeBlockParser parser = SyntheticTree.parser();

    private static byte[] validLeaf() {
        return leaf(at(0), GEN, List.of(key(256), key(257), key(300)));
    }

    private static byte[] validNode() {
        return node(at(0), 1, GEN, List.of(pointer(256, at(1), 6), pointer(300, at(2), 7)));
    }

    private TreeBlockParser.Result parse(byte[] block, BlockExpectation expect) {
        return parser.parse(block, at(0), expect);
    }

    private Kind problem(byte[] block, Consumer<java.nio.ByteBuffer> damage) {
        damage.accept(le(block));
        TreeBlockParser.Result result = parse(seal(block), BlockExpectation.NONE);
        assertTrue(!result.isOk(), "should be refused");
        return result.problem();
    }

    @Test
    void validLeafDecodes() {
        Leaf leaf = assertInstanceOf(Leaf.class, parse(validLeaf(), BlockExpectation.of(0, GEN)).block());
        assertEquals(List.of(key(256), key(257), key(300)), leaf.keys());
        assertEquals(NODESIZE - Header.SIZE - 3 * LeafItem.SIZE - 3 * 10, leaf.freeSpace());
        assertEquals(2, leaf.itemData(2).get(9));
        assertEquals(GEN, leaf.generation());
        assertEquals(SyntheticTree.FSID, leaf.header().fsid());
        assertEquals(SyntheticTree.CHUNK_TREE_UUID, leaf.header().chunkTreeUuid());
        assertEquals(Header.FLAG_WRITTEN, leaf.header().flags());
        assertEquals(1, leaf.header().backrefRev());
        assertEquals("leaf " + at(0) + " items 3 free space " + leaf.freeSpace() + " generation 7 owner FS_TREE",
                leaf.headerLine());
    }

    @Test
    void validNodeDecodes() {
        Node node = assertInstanceOf(Node.class, parse(validNode(), BlockExpectation.of(1, GEN)).block());
        assertEquals(List.of(pointer(256, at(1), 6), pointer(300, at(2), 7)), node.pointers());
        assertEquals((NODESIZE - Header.SIZE) / NodePointer.SIZE - 2, node.freeSpace());
    }

    @Test
    void identityChecks() {
        assertEquals(Kind.BYTENR_MISMATCH, problem(validLeaf(), b -> b.putLong(48, at(5))));
        assertEquals(Kind.FSID_MISMATCH, problem(validLeaf(), b -> b.put(40, (byte) 1)));
        assertEquals(Kind.BAD_LEVEL, problem(validNode(), b -> b.put(100, (byte) 8)));
        byte[] rotten = validLeaf();
        rotten[3000] ^= 1; // not resealed
        assertEquals(Kind.CHECKSUM_MISMATCH, parse(rotten, BlockExpectation.NONE).problem());
    }

    @Test
    void structureChecks() {
        assertEquals(Kind.BAD_NRITEMS, problem(validNode(), b -> b.putInt(96, 0)));
        int tooMany = (NODESIZE - Header.SIZE) / NodePointer.SIZE + 1;
        assertEquals(Kind.BAD_NRITEMS, problem(validNode(), b -> b.putInt(96, tooMany)));
        assertEquals(Kind.BAD_NRITEMS, problem(validLeaf(), b -> b.putInt(96, -1)));
        assertEquals(Kind.BAD_ITEM, problem(validLeaf(), b -> b.putInt(Header.SIZE + Key.SIZE, NODESIZE)));
        assertEquals(Kind.BAD_ITEM, problem(validLeaf(), b -> b.putInt(Header.SIZE + Key.SIZE + 4, -1)));
        assertEquals(Kind.BAD_ITEM, problem(validLeaf(), b -> b.putInt(Header.SIZE + Key.SIZE, 10)));
        assertEquals(Kind.KEY_ORDER, problem(validLeaf(), b -> b.putLong(Header.SIZE + LeafItem.SIZE, 256)));
        assertEquals(Kind.KEY_ORDER, problem(validNode(), b -> b.putLong(Header.SIZE + NodePointer.SIZE, 1)));
        // objectid -9 (DATA_RELOC_TREE) sorts after 300: keys compare unsigned
        assertTrue(parse(seal(withObjectid(validLeaf(), 2, -9L)), BlockExpectation.NONE).isOk());
    }

    private static byte[] withObjectid(byte[] leaf, int item, long objectid) {
        le(leaf).putLong(Header.SIZE + item * LeafItem.SIZE, objectid);
        return leaf;
    }

    @Test
    void expectationChecks() {
        assertEquals(Kind.LEVEL_MISMATCH, parse(validLeaf(), BlockExpectation.of(1, GEN)).problem());
        assertEquals(Kind.GENERATION_MISMATCH, parse(validLeaf(), BlockExpectation.of(0, GEN + 1)).problem());
        assertEquals(Kind.FIRST_KEY_MISMATCH, parse(validLeaf(), new BlockExpectation(0, GEN, key(255))).problem());
        assertTrue(parse(validLeaf(), new BlockExpectation(0, GEN, key(256))).isOk());
        assertTrue(parse(validLeaf(), BlockExpectation.NONE).isOk());
    }
}
