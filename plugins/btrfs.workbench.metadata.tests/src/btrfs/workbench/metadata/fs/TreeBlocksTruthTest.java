package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.metadata.tree.WalkResult;
import btrfs.workbench.testsupport.ArrayTruth;

/**
 * For every committed array and every tree it has: the tree roots are those btrfs-progs found
 * (trees.tsv) and the blocks reachable from each root are exactly the blocks btrfs-progs'
 * dump-tree printed (blocks-TREEID.txt), header line by header line, in its order.
 */
class TreeBlocksTruthTest {

    private static final AtomicInteger TREES = new AtomicInteger();
    private static final AtomicInteger BLOCKS = new AtomicInteger();

    @AfterAll
    static void summary() {
        System.out.println("TreeBlocksTruthTest: " + TREES + " trees, " + BLOCKS
                + " blocks compared with btrfs-progs dump-tree");
    }

    @TestFactory
    Stream<DynamicTest> treeRootsAreThoseBtrfsProgsFound() {
        return OpenArrays.perArray(c -> {
            List<String> expected = ArrayTruth.of(c.array()).trees().stream()
                    .map(t -> Long.toUnsignedString(t.id()) + " " + t.rootBytenr() + " level " + t.level()).toList();
            List<String> actual = c.fs().treeRoots().stream()
                    .map(t -> Long.toUnsignedString(t.id()) + " " + t.bytenr() + " level " + t.level()).toList();
            assertEquals(expected, actual);
        });
    }

    @TestFactory
    Stream<DynamicTest> everyTreeHasExactlyTheBlocksOfDumpTree() {
        return OpenArrays.perArray(c -> {
            ArrayTruth truth = ArrayTruth.of(c.array());
            for (ArrayTruth.TreeRow tree : truth.trees()) {
                TreeRoot root = c.fs().treeRoot(tree.id()).orElseThrow(() -> new AssertionError("no tree " + tree));
                WalkResult walk = c.fs().collect(root, KeyRange.ALL);
                assertEquals(List.of(), walk.problems(), tree.name());
                assertEquals(List.of(), walk.recovered(), tree.name());
                List<String> expected = truth.blocks(tree.id()).stream().map(ArrayTruth.BlockLine::toString).toList();
                List<String> actual = walk.breadthFirst().stream()
                        .map(b -> b.block().headerLine()).toList();
                assertEquals(expected, actual, "tree " + tree.name());
                assertEquals(tree.blocks(), actual.size(), "tree " + tree.name());
                assertEachBlockOnce(walk.blocks());
                TREES.incrementAndGet();
                BLOCKS.addAndGet(actual.size());
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> everyTreeOfTheFilesystemIsInTheTruth() {
        return OpenArrays.perArray(c -> {
            List<Long> truthIds = ArrayTruth.of(c.array()).trees().stream().map(ArrayTruth.TreeRow::id).toList();
            List<Long> ids = new ArrayList<>(c.fs().treeRoots().stream().map(TreeRoot::id).toList());
            assertEquals(truthIds, ids);
            assertTrue(ids.containsAll(List.of(1L, 2L, 3L, 4L, 5L, 7L, ObjectIds.DATA_RELOC_TREE)),
                    "root, extent, chunk, dev, fs, csum and data-reloc trees always exist: " + ids);
        });
    }

    private static void assertEachBlockOnce(List<VisitedBlock> blocks) {
        assertEquals(blocks.size(), new HashSet<>(blocks.stream().map(VisitedBlock::bytenr).toList()).size());
    }
}
