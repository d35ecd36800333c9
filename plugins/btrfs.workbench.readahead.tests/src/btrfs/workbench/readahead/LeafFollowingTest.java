package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.FollowProgress;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;

/**
 * Leaf following on every committed kernel-written array: from the root tree every tree is read
 * (its ROOT_ITEMs name them, the extent tree's items name the rest, the chunk tree too), each
 * block once although snapshots share blocks; from the extent tree exactly the tree blocks it
 * lists. The truth is btrfs-progs' dump of every tree, and for the extent tree its items read
 * here by hand (key types and the tree-block flag), not by the parser under test.
 */
class LeafFollowingTest {

    private static final Following LEAVES = new Following(true, false);
    /** BTRFS_EXTENT_FLAG_TREE_BLOCK, at offset 16 of struct btrfs_extent_item. */
    private static final long TREE_BLOCK = 2;

    @AfterAll
    static void closeAll() throws IOException {
        RealArray.closeShared();
    }

    private static Stream<DynamicTest> perArray(ArrayTest test) {
        return RealArray.all().stream()
                .map(a -> DynamicTest.dynamicTest(a.name(), () -> test.run(a, RealArray.shared(a))));
    }

    interface ArrayTest {
        void run(TestArray a, RealArray r) throws Exception;
    }

    /** Every block of every tree btrfs-progs dumped (trees.tsv, the chunk tree included). */
    private static Set<Long> allTrees(TestArray a, RealArray r) {
        Set<Long> all = new HashSet<>();
        ArrayTruth.of(a).trees().forEach(t -> all.addAll(r.progsBlocks(t.id())));
        return all;
    }

    /** How many (tree, block) pairs btrfs-progs dumped: above the union when trees share blocks. */
    private static long perTreeTotal(TestArray a, RealArray r) {
        return ArrayTruth.of(a).trees().stream().mapToLong(t -> r.progsBlocks(t.id()).size()).sum();
    }

    private static RealArray.Outcome follow(RealArray r, long tree) throws InterruptedException {
        TreeRoot root = r.root(tree);
        return r.run(Strategy.READA, List.of(RealArray.whole(root).following(tree, LEAVES)));
    }

    @TestFactory
    Stream<DynamicTest> followingTheRootTreeReadsEveryTreeEachBlockOnce() {
        return perArray((a, r) -> {
            Set<Long> expected = allTrees(a, r);
            RealArray.Outcome o = follow(r, ObjectIds.ROOT_TREE);
            assertEquals(expected, o.read());
            assertEquals(expected.size(), o.trace.submitted().size(), "each block read once");
            assertEquals(List.of(), o.violations(true));
            ControlSnapshot c = o.controls.get(0);
            assertEquals(0, c.errors(), c.errorList().toString());
            assertEquals(0, c.generationSkips());
            assertEquals(expected.size(), c.blocks());
        });
    }

    /** Snapshots share blocks: the arrays that have them show arrivals at blocks read already. */
    @TestFactory
    Stream<DynamicTest> sharedBlocksAreCountedAndNotReadAgain() {
        return perArray((a, r) -> {
            Set<Long> union = allTrees(a, r);
            try (ReadaheadEngine engine = new ReadaheadEngine(r.target, Harness.config(Strategy.READA))) {
                ReadaheadControl rc = engine.add(RealArray.whole(r.root(ObjectIds.ROOT_TREE))
                        .following(ObjectIds.ROOT_TREE, LEAVES));
                Harness.awaitAll(engine, List.of(rc));
                Harness.assertDrained(engine);
                FollowProgress f = rc.following();
                // every tree block is named by an extent item: it arrives so at least once, queued
                // (a link) or finding itself read or queued already (shared)
                assertTrue(f.links() + f.shared() >= union.size(), f + " for " + union.size() + " blocks");
                if (perTreeTotal(a, r) > union.size()) {
                    assertTrue(f.shared() > 0, "trees share blocks, yet nothing arrived twice: " + f);
                }
                assertEquals(union.size(), rc.progress().blocks());
            }
        });
    }

    /**
     * Against the kernel's way to read every tree, one control per tree all at once: a block
     * snapshots share is read again by a tree that reaches it after it was freed. Following from
     * the root tree reads each block once; both read the same blocks.
     */
    @TestFactory
    Stream<DynamicTest> followingReadsNoMoreThanEveryTreeAtOnce() {
        return perArray((a, r) -> {
            List<ReadaheadRequest> everyTree = ArrayTruth.of(a).trees().stream()
                    .map(t -> RealArray.whole(r.root(t.id()))).toList();
            RealArray.Outcome all = r.run(Strategy.READA, everyTree);
            RealArray.Outcome followed = follow(r, ObjectIds.ROOT_TREE);
            assertEquals(all.read(), followed.read());
            int allReads = all.trace.submitted().size();
            int followedReads = followed.trace.submitted().size();
            System.out.printf("%s: every tree at once %d reads, following the root tree %d reads of %d blocks%n",
                    a.name(), allReads, followedReads, followed.read().size());
            assertTrue(followedReads <= allReads, followedReads + " > " + allReads);
        });
    }

    @TestFactory
    Stream<DynamicTest> followingTheExtentTreeReadsExactlyTheTreeBlocksItLists() {
        return perArray((a, r) -> {
            Set<Long> listed = treeBlocksListed(r);
            // the extent tree of a consistent filesystem lists every block of every tree
            assertEquals(allTrees(a, r), listed);
            RealArray.Outcome o = follow(r, ObjectIds.EXTENT_TREE);
            assertEquals(listed, o.read());
            assertEquals(listed.size(), o.trace.submitted().size(), "each block read once");
            assertEquals(List.of(), o.violations(true));
            assertEquals(0, o.controls.get(0).errors(), o.controls.get(0).errorList().toString());
        });
    }

    /**
     * The bytenrs of METADATA_ITEMs and of EXTENT_ITEMs flagged as tree blocks, from the extent
     * tree's leaves as the library's walk finds them, decoded here by hand.
     */
    private static Set<Long> treeBlocksListed(RealArray r) {
        Set<Long> out = new HashSet<>();
        r.fs.walker().forEachItem(r.root(ObjectIds.EXTENT_TREE), KeyRange.ALL, (leaf, i) -> {
            Key key = leaf.items().get(i).key();
            if (key.type() == 169) {
                out.add(key.objectid());
            } else if (key.type() == 168) {
                ByteBuffer data = leaf.itemData(i);
                if (data.remaining() >= 24 && (data.getLong(16) & TREE_BLOCK) != 0) {
                    out.add(key.objectid());
                }
            }
        });
        return out;
    }

    /** A key range on the root tree with following: the range bounds the root tree only. */
    @TestFactory
    Stream<DynamicTest> aRangeOfTheRootTreeFollowsOnlyTheRootItemsInIt() {
        return perArray((a, r) -> {
            TreeRoot root = r.root(ObjectIds.ROOT_TREE);
            // only the fs tree's ROOT_ITEM (and nothing of the extent tree's) lies in the range
            Key start = new Key(ObjectIds.FS_TREE, 0, 0);
            Key end = new Key(ObjectIds.FS_TREE + 1, 0, 0);
            RealArray.Outcome o = r.run(Strategy.READA,
                    List.of(RealArray.request(root, start, end).following(ObjectIds.ROOT_TREE, LEAVES)));
            Set<Long> expected = new HashSet<>(r.walkedBlocks(root, new KeyRange(start, end)));
            expected.addAll(r.progsBlocks(ObjectIds.FS_TREE));
            assertEquals(expected, o.read());
            assertEquals(List.of(), o.violations(true));
        });
    }
}
