package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.item.RootItem;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.Leaf;
import btrfs.workbench.metadata.tree.LeafItem;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.testsupport.TestArray;

/**
 * Keys, item placement and ROOT_ITEMs of the root tree and the chunk tree of every array,
 * printed the way btrfs-progs prints them, equal dump-tree-root.txt and dump-tree-chunk.txt
 * line for line: key type and objectid names, unsigned offsets, itemoff / itemsize.
 */
class ItemsTruthTest {

    @TestFactory
    Stream<DynamicTest> rootTreeItemsAndRootItemsEqualDumpTree() {
        return OpenArrays.perArray(c -> assertEquals(dumpLines(c.array(), "dump-tree-root.txt"),
                ourLines(c.fs(), ObjectIds.ROOT_TREE)));
    }

    @TestFactory
    Stream<DynamicTest> chunkTreeItemKeysEqualDumpTree() {
        return OpenArrays.perArray(c -> assertEquals(dumpLines(c.array(), "dump-tree-chunk.txt"),
                ourLines(c.fs(), ObjectIds.CHUNK_TREE)));
    }

    /** Item lines of the dump, and for ROOT_ITEMs the lines we decode (the rest of each item is skipped). */
    private static List<String> dumpLines(TestArray array, String file) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean rootItem = false;
        for (String line : Files.readAllLines(array.dir().resolve("truth").resolve(file))) {
            if (line.startsWith("\titem ")) {
                lines.add(line.substring(line.indexOf("key (")));
                rootItem = line.contains(" ROOT_ITEM ");
            } else if (rootItem && line.startsWith("\t\t") && !line.contains("time ")) {
                // flags are shown as "0x1(RDONLY)": the hex value is what the item holds
                lines.add(line.strip().replaceAll("flags (0x[0-9a-f]+)\\([^)]*\\)", "flags $1"));
            } else if (!line.startsWith("\t\t")) {
                rootItem = false;
            }
        }
        return lines;
    }

    private static List<String> ourLines(BtrfsFilesystem fs, long tree) {
        List<String> lines = new ArrayList<>();
        for (VisitedBlock visited : fs.collect(fs.treeRoot(tree).orElseThrow(), KeyRange.ALL).breadthFirst()) {
            if (visited.block() instanceof Leaf leaf) {
                for (int i = 0; i < leaf.items().size(); i++) {
                    LeafItem item = leaf.items().get(i);
                    lines.add("key " + item.key() + " itemoff " + item.offset() + " itemsize " + item.size());
                    if (item.key().type() == KeyType.ROOT_ITEM.code()) {
                        lines.addAll(rootItemLines(((Decoded.Ok<RootItem>) RootItem.decode(leaf.itemData(i))).value()));
                    }
                }
            }
        }
        return lines;
    }

    private static List<String> rootItemLines(RootItem r) {
        List<String> lines = new ArrayList<>(List.of(
                "generation " + u(r.generation()) + " root_dirid " + u(r.rootDirid()) + " bytenr " + u(r.bytenr())
                        + " byte_limit " + u(r.byteLimit()) + " bytes_used " + u(r.bytesUsed()),
                "last_snapshot " + u(r.lastSnapshot()) + " flags 0x" + Long.toHexString(r.flags()) + " refs "
                        + r.refs(),
                "drop_progress key " + r.dropProgress() + " drop_level " + r.dropLevel(),
                "level " + r.level() + " generation_v2 " + u(r.generationV2())));
        if (r.hasV2Fields()) {
            lines.add("uuid " + r.uuid());
            lines.add("parent_uuid " + r.parentUuid());
            lines.add("received_uuid " + r.receivedUuid());
            lines.add("ctransid " + u(r.ctransid()) + " otransid " + u(r.otransid()) + " stransid "
                    + u(r.stransid()) + " rtransid " + u(r.rtransid()));
        }
        return lines;
    }

    private static String u(long value) {
        return Long.toUnsignedString(value);
    }
}
