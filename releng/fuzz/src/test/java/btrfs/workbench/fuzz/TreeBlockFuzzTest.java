package btrfs.workbench.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import btrfs.workbench.metadata.ChecksumType;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.item.BlockGroupItem;
import btrfs.workbench.metadata.item.DevExtent;
import btrfs.workbench.metadata.item.DevItems;
import btrfs.workbench.metadata.item.InodeRef;
import btrfs.workbench.metadata.item.RootItem;
import btrfs.workbench.metadata.item.RootRef;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.Header;
import btrfs.workbench.metadata.tree.Leaf;
import btrfs.workbench.metadata.tree.LeafItem;
import btrfs.workbench.metadata.tree.Node;
import btrfs.workbench.metadata.tree.TreeBlock;
import btrfs.workbench.metadata.tree.TreeBlockParser;

/**
 * The tree block parser on any block (seeds: nodes and leaves of every tree of the committed
 * arrays, all four nodesizes): the input, zero-padded to the next nodesize, is taken as read from
 * the address in its header, of the filesystem in its header, with a correct crc32c. The parser
 * answers a block or a typed problem, never an exception; an accepted block keeps what walkers
 * rely on (items inside the block, keys in order), and the item decoders behind it (root, dev,
 * chunk, block group, dev extent, inode and root refs) answer without an exception too.
 */
public class TreeBlockFuzzTest {

    private static final int MIN_NODESIZE = 4096;
    private static final int MAX_NODESIZE = 65536;

    @FuzzTest
    void fuzz(byte[] data) {
        byte[] raw = Arrays.copyOf(data, nodesize(data.length));
        Header header = Header.read(ByteBuffer.wrap(raw));
        Checksums.fix(raw, ChecksumType.CRC32C);
        TreeBlockParser parser = new TreeBlockParser(ChecksumType.CRC32C, header.fsid());
        TreeBlockParser.Result result = parser.parse(raw, header.bytenr(), BlockExpectation.NONE);
        if (!result.isOk()) {
            return;
        }
        TreeBlock block = result.block();
        // what a parent could expect: the parser answers either way
        parser.parse(raw, header.bytenr(), new BlockExpectation(header.level() ^ (data.length & 1),
                header.generation() + (data.length & 2), new Key(data.length, 1, 0)));
        assertEquals(header.nritems(), block.nritems());
        block.headerLine();
        switch (block) {
            case Leaf leaf -> checkLeaf(leaf);
            case Node node -> checkNode(node);
        }
    }

    /** The smallest nodesize holding the input, at most 64 KiB (longer inputs are cut). */
    private static int nodesize(int length) {
        int size = MIN_NODESIZE;
        while (size < length && size < MAX_NODESIZE) {
            size <<= 1;
        }
        return size;
    }

    private static void checkLeaf(Leaf leaf) {
        List<LeafItem> items = leaf.items();
        for (int i = 0; i < items.size(); i++) {
            LeafItem item = items.get(i);
            assertTrue(item.dataStart() >= Header.SIZE && item.dataStart() + item.size() <= leaf.size(), item.toString());
            assertEquals(item.size(), leaf.itemData(i).remaining());
            if (i > 0) {
                assertTrue(items.get(i - 1).key().isBefore(item.key()), "keys ascend");
            }
            decodeItem(item.key(), leaf.itemData(i));
        }
    }

    /** The decoders the loader uses on leaf items: a result or a reason, never an exception. */
    private static void decodeItem(Key key, ByteBuffer data) {
        KeyType type = KeyType.fromCode(key.type()).orElse(null);
        if (type == null) {
            return;
        }
        switch (type) {
            case ROOT_ITEM -> RootItem.decode(data);
            case DEV_ITEM -> DevItems.decode(data);
            case CHUNK_ITEM -> ChunkItem.decode(data, key.offset(), MIN_NODESIZE);
            case BLOCK_GROUP_ITEM -> BlockGroupItem.decode(key, data);
            case DEV_EXTENT -> DevExtent.decode(key, data);
            case INODE_REF -> InodeRef.decodeAll(data);
            case ROOT_REF, ROOT_BACKREF -> RootRef.decode(data);
            default -> {
                // no decoder of ours reads it
            }
        }
    }

    private static void checkNode(Node node) {
        assertTrue(node.pointers().size() >= 1, "a node points somewhere");
        // the range's end is exclusive, as in the kernel: a (damaged) pointer keyed MAX is out of every range
        long inRange = node.pointers().stream().filter(p -> p.key().isBefore(Key.MAX)).count();
        assertEquals(inRange, node.childrenIn(KeyRange.ALL, Key.MAX).size(), "the whole range: every child");
        for (int i = 1; i < node.pointers().size(); i++) {
            assertTrue(node.pointers().get(i - 1).key().isBefore(node.pointers().get(i).key()), "keys ascend");
        }
        node.childrenIn(new KeyRange(node.pointers().get(0).key(), node.pointers().get(0).key()), Key.MAX);
    }
}
