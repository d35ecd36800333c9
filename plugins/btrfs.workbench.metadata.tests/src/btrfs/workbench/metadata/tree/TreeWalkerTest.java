package btrfs.workbench.metadata.tree;

import static btrfs.workbench.metadata.tree.SyntheticTree.at;
import static btrfs.workbench.metadata.tree.SyntheticTree.key;
import static btrfs.workbench.metadata.tree.SyntheticTree.leaf;
import static btrfs.workbench.metadata.tree.SyntheticTree.node;
import static btrfs.workbench.metadata.tree.SyntheticTree.pointer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.tree.BlockProblem.Kind;

/**
 * The walker on hand-made trees: the kernel readahead's rule for which children a key range
 * needs, each block once, and bounded on cycles, absurd levels and bad pointers.
 */
class TreeWalkerTest {

    private static final long GEN = 9;

    /** Root (block 0, level 1) over three leaves holding objectids 100.., 200.., 300... */
    private static SyntheticTree threeLeaves() {
        return new SyntheticTree()
                .put(node(at(0), 1, GEN, List.of(pointer(100, at(1), GEN), pointer(200, at(2), GEN),
                        pointer(300, at(3), GEN))))
                .put(leaf(at(1), GEN, List.of(key(100), key(150))))
                .put(leaf(at(2), GEN, List.of(key(200), key(250))))
                .put(leaf(at(3), GEN, List.of(key(300), key(350))));
    }

    private static TreeRoot root(int level) {
        return new TreeRoot(5, null, at(0), level, GEN);
    }

    private static List<Long> blocks(WalkResult result) {
        return result.blocks().stream().map(VisitedBlock::bytenr).toList();
    }

    private static KeyRange range(long from, long to) {
        return new KeyRange(key(from), key(to));
    }

    @Test
    void wholeTreeDepthFirstInKeyOrder() {
        WalkResult all = threeLeaves().walker().collect(root(1), KeyRange.ALL);
        assertEquals(List.of(at(0), at(1), at(2), at(3)), blocks(all));
        assertEquals(List.of(), all.problems());
    }

    /** Child i spans [key i, key i+1): it is read if that span meets [start, end). */
    @Test
    void rangeTakesTheChildrenWhoseSpanMeetsIt() {
        TreeWalker walker = threeLeaves().walker();
        assertEquals(List.of(at(0), at(2)), blocks(walker.collect(root(1), range(210, 220))));
        assertEquals(List.of(at(0), at(2)), blocks(walker.collect(root(1), range(200, 300))));
        assertEquals(List.of(at(0), at(1), at(2), at(3)), blocks(walker.collect(root(1), range(199, 301))));
        assertEquals(List.of(at(0), at(3)), blocks(walker.collect(root(1), range(300, 301))));
        assertEquals(List.of(at(0)), blocks(walker.collect(root(1), range(0, 100))));
        assertEquals(List.of(at(0), at(1)), blocks(walker.collect(root(1), range(0, 101))));
    }

    @Test
    void itemsAreDeliveredOnlyInsideTheRange() {
        List<Key> keys = new ArrayList<>();
        threeLeaves().walker().forEachItem(root(1), range(150, 300), (leaf, i) -> keys.add(leaf.items().get(i).key()));
        assertEquals(List.of(key(150), key(200), key(250)), keys);
    }

    @Test
    void visitorCanStopTheWalk() {
        List<Long> seen = new ArrayList<>();
        threeLeaves().walker().walk(root(1), KeyRange.ALL, block -> {
            seen.add(block.bytenr());
            return seen.size() < 2;
        });
        assertEquals(List.of(at(0), at(1)), seen);
    }

    @Test
    void pointerCyclesAndSharedChildrenAreVisitedOnce() {
        SyntheticTree tree = new SyntheticTree()
                .put(node(at(0), 1, GEN, List.of(pointer(100, at(1), GEN), pointer(200, at(1), GEN),
                        pointer(300, at(0), GEN))))
                .put(leaf(at(1), GEN, List.of(key(100))));
        WalkResult result = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> tree.walker().collect(root(1), KeyRange.ALL));
        assertEquals(List.of(at(0), at(1)), blocks(result));
        assertEquals(List.of(Kind.ALREADY_VISITED, Kind.ALREADY_VISITED),
                result.problems().stream().map(BlockProblem::kind).toList());
    }

    /** A node that points to a node of its own level (a loop in disguise) is refused, not followed. */
    @Test
    void childrenMustBeOneLevelDown() {
        SyntheticTree tree = new SyntheticTree()
                .put(node(at(0), 7, GEN, List.of(pointer(100, at(1), GEN))))
                .put(node(at(1), 7, GEN, List.of(pointer(100, at(0), GEN))));
        WalkResult result = tree.walker().collect(root(7), KeyRange.ALL);
        assertEquals(List.of(at(0)), blocks(result));
        assertEquals(List.of(Kind.LEVEL_MISMATCH), result.problems().stream().map(BlockProblem::kind).toList());
    }

    @Test
    void deepestPossibleTreeIsEightLevels() {
        SyntheticTree tree = new SyntheticTree();
        for (int level = 7; level > 0; level--) {
            tree.put(node(at(7 - level), level, GEN, List.of(pointer(100, at(8 - level), GEN))));
        }
        tree.put(leaf(at(7), GEN, List.of(key(100))));
        assertEquals(8, tree.walker().collect(root(7), KeyRange.ALL).blocks().size());
        SyntheticTree absurd = new SyntheticTree().put(node(at(0), 8, GEN, List.of(pointer(100, at(1), GEN))));
        WalkResult result = absurd.walker().collect(root(8), KeyRange.ALL);
        assertEquals(List.of(Kind.BAD_LEVEL), result.problems().stream().map(BlockProblem::kind).toList());
    }

    @Test
    void badPointersAreReportedAndTheirSiblingsStillRead() {
        SyntheticTree tree = new SyntheticTree()
                .put(node(at(0), 1, GEN, List.of(pointer(100, 4096, GEN), pointer(200, at(2) + 1, GEN),
                        pointer(300, at(3), GEN - 1), pointer(400, at(4), GEN), pointer(500, at(5), GEN))))
                .put(leaf(at(3), GEN, List.of(key(300))))
                .putAt(4, leaf(at(9), GEN, List.of(key(400))))
                .put(leaf(at(5), GEN, List.of(key(500))));
        WalkResult result = tree.walker().collect(root(1), KeyRange.ALL);
        assertEquals(List.of(at(0), at(5)), blocks(result));
        assertEquals(List.of(Kind.UNMAPPED, Kind.BAD_ADDRESS, Kind.GENERATION_MISMATCH, Kind.BYTENR_MISMATCH),
                result.problems().stream().map(BlockProblem::kind).toList());
        BlockProblem stale = result.problems().get(2);
        assertEquals(List.of(at(3), 1L, 1, at(3) - SyntheticTree.START),
                List.of(stale.logical(), stale.devid(), stale.mirror(), stale.physical()));
    }

    @Test
    void firstKeyMustMatchTheParentPointer() {
        SyntheticTree tree = new SyntheticTree()
                .put(node(at(0), 1, GEN, List.of(pointer(100, at(1), GEN))))
                .put(leaf(at(1), GEN, List.of(key(101))));
        assertEquals(List.of(Kind.FIRST_KEY_MISMATCH),
                tree.walker().collect(root(1), KeyRange.ALL).problems().stream().map(BlockProblem::kind).toList());
    }
}
