package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.io.FilesystemTarget;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.state.ControlStatus;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Leaves first ({@link ReadaheadConfig#streamLeaves}, the automatic stream's default): a batch
 * whose trees hold less than {@link ReadaheadConfig#LEAVES_FIRST_BELOW} of what the whole stream
 * would read has its nodes read per block, and then only the leaves they name streamed. Checked on
 * the kernel-written arrays against btrfs-progs' dump of the fs tree: the same blocks validated as
 * without streaming, every node read per block before the first stream read, and the stream
 * reading exactly the runs of btrfs-progs' leaves ({@link LeafParts}), fewer bytes than the whole
 * stream. A bad leaf copy is read from its mirror, and a control cancelled while its leaves wait
 * for the plan leaves the bookkeeping whole.
 */
class LeavesFirstTest {

    /** The automatic stream for any whole tree (density 0), leaves first where it applies. */
    private static final ReadaheadConfig AUTO = Harness.config(Strategy.READA)
            .withCoalesceBytes(ReadaheadConfig.COALESCE_BYTES).withCoalesceGapBytes(ReadaheadConfig.COALESCE_GAP_BYTES)
            .withStreamZones(StreamZones.AUTO).withStreamDensity(0);

    @AfterAll
    static void closeAll() throws IOException {
        RealArray.closeShared();
    }

    @TestFactory
    Stream<DynamicTest> theFsTreesNodesAreReadFirstThenOnlyItsLeavesStreamed() {
        return RealArray.all().stream().map(a -> DynamicTest.dynamicTest(a.name(), () -> {
            RealArray r = RealArray.shared(a);
            TreeRoot fs = r.root(ObjectIds.FS_TREE);
            List<ReadaheadRequest> request = List.of(RealArray.whole(fs));
            RealArray.Outcome o = r.run(AUTO, request);
            ZoneStreamTest.assertSameResults(r.run(AUTO.withStreamZones(StreamZones.OFF), request), o);
            assertEquals(r.progsBlocks(fs.id()), o.read());
            assertEquals(List.of(), o.violations(false));
            long streamed = streamedBytes(o);
            assertTrue(density(r, List.of(fs)) < ReadaheadConfig.LEAVES_FIRST_BELOW, "the fs tree holds a part");
            assertNodesReadBeforeTheStream(o);
            assertEquals(leafPartsBytes(r, a, fs), streamed, "bytes streamed: the runs of btrfs-progs' leaves");
            long whole = streamedBytes(r.run(AUTO.withStreamLeaves(false), request));
            assertTrue(streamed < whole, "leaves first streamed " + streamed + " bytes, whole " + whole);
        }));
    }

    /**
     * A batch whose trees hold most of what the whole stream reads streams it whole, from the
     * start, while its roots are read. On single-crc32c-16k every tree holds 84 %, on
     * raid1-blake2-16k 42 % (the root and chunk trees count nothing, and small arrays have many
     * short holes): whole there, leaves first here.
     */
    @Test
    void aBatchHoldingMostOfTheStreamStreamsItWhole() throws Exception {
        for (String name : List.of("single-crc32c-16k", "raid1-blake2-16k")) {
            RealArray r = RealArray.shared(TestArrays.named(name));
            List<ReadaheadRequest> every = r.fs.treeRoots().stream().map(RealArray::whole).toList();
            RealArray.Outcome o = r.run(AUTO, every);
            ZoneStreamTest.assertSameResults(r.run(AUTO.withStreamZones(StreamZones.OFF), every), o);
            boolean whole = density(r, r.fs.treeRoots()) >= ReadaheadConfig.LEAVES_FIRST_BELOW;
            assertEquals(name.startsWith("single"), whole, name + ": the batch's share of the stream");
            assertEquals(!whole, streamedAfterEveryNode(o), name + ": the stream began after every node was read");
        }
    }

    /** One copy of every fs tree block on devid 1 is bad: the leaves streamed from there fail over. */
    @Test
    void aBadLeafCopyInTheStreamIsReadFromItsMirror() throws Exception {
        TestArray a = TestArrays.named("raid1-blake2-16k");
        RealArray.Outcome o = ZoneStreamTest.assertBadCopiesOnDevidOneAreReadFromTheirMirrors(a, AUTO);
        assertNodesReadBeforeTheStream(o);
    }

    /**
     * Two controls read the fs tree of an array with 4 KiB nodes; the first is cancelled when the second level-1 node is read,
     * while leaves of both wait for the plan. Both finish — the waiting leaves hold elements of
     * their controls, and the cancelled control's are put at the cancel — the second having
     * validated every block, the first cancelled, and the engine drains with its bookkeeping
     * whole.
     */
    @Test
    void aControlCancelledWhileItsLeavesWaitForThePlanLeavesNothingBehind() throws Exception {
        TestArray a = TestArrays.named("dup-xxhash-4k"); // 4 KiB nodes: an fs tree of three levels
        RealArray r = RealArray.shared(a);
        assertTrue(ArrayTruth.of(a).blocks(ObjectIds.FS_TREE).stream().filter(b -> b.level() == 1).count() > 2,
                "the fs tree has several level-1 nodes");
        AtomicInteger levelOne = new AtomicInteger();
        TreeRoot fs = r.root(ObjectIds.FS_TREE);
        AtomicBoolean cancelled = new AtomicBoolean();
        List<ReadaheadControl> controls = new CopyOnWriteArrayList<>();
        // reads 2 ms late: the batch is added before the first level-1 node is read
        try (FilesystemTarget paced = r.paced(new IoModel(Duration.ofMillis(2), 0, false));
                ReadaheadEngine engine = new ReadaheadEngine(paced, AUTO)) {
            Trace trace = new Trace();
            engine.addListener(trace);
            ReadaheadListener cancelFirst = e -> {
                // the second: the leaves of the first wait for the plan by then, as a rule
                if (e instanceof ReadaheadEvent.Complete c && c.level() == 1 && levelOne.incrementAndGet() == 2
                        && !controls.isEmpty() && cancelled.compareAndSet(false, true)) {
                    controls.get(0).cancel();
                }
            };
            engine.addListener(cancelFirst);
            controls.addAll(engine.addAll(List.of(RealArray.whole(fs), RealArray.whole(fs))));
            Harness.awaitAll(engine, controls);
            Harness.assertDrained(engine);
            assertTrue(cancelled.get(), "a level-1 node was read");
            assertEquals(ControlStatus.CANCELLED, controls.get(0).progress().status(), "the first control");
            assertEquals(r.progsBlocks(fs.id()).size(), controls.get(1).progress().blocks());
            assertFalse(trace.of(ReadaheadEvent.StreamRead.class).isEmpty(), "the second control's leaves streamed");
        }
    }

    /** Every node completed per block, and before the first stream read was issued. */
    private static void assertNodesReadBeforeTheStream(RealArray.Outcome o) {
        o.trace.of(ReadaheadEvent.Complete.class).stream().filter(c -> c.level() > 0)
                .forEach(n -> assertFalse(n.streamed(), "node " + n.logical() + " served from the stream"));
        assertTrue(streamedAfterEveryNode(o), "a stream read was issued before the last node was read");
    }

    /** Whether the first stream read was issued after the last node completed (there are both). */
    private static boolean streamedAfterEveryNode(RealArray.Outcome o) {
        long lastNode = o.trace.of(ReadaheadEvent.Complete.class).stream().filter(c -> c.ok() && c.level() > 0)
                .mapToLong(ReadaheadEvent.Complete::t).max().orElseThrow(() -> new AssertionError("no node read"));
        long firstIssued = o.trace.of(ReadaheadEvent.StreamRead.class).stream()
                .mapToLong(ReadaheadEvent.StreamRead::issued).min()
                .orElseThrow(() -> new AssertionError("nothing streamed"));
        return lastNode <= firstIssued;
    }

    private static long streamedBytes(RealArray.Outcome o) {
        return o.trace.of(ReadaheadEvent.StreamRead.class).stream().mapToLong(ReadaheadEvent.StreamRead::bytes).sum();
    }

    /**
     * What the plan streams of btrfs-progs' leaves of the tree, counted apart from {@link
     * LeafParts}: a block for every leaf, plus every hole of at most the gap between two leaves
     * of the same tree block group (one copy each).
     */
    private static long leafPartsBytes(RealArray r, TestArray a, TreeRoot tree) {
        long nodesize = r.fs.nodesize();
        long[] leaves = ArrayTruth.of(a).blocks(tree.id()).stream().filter(b -> b.level() == 0)
                .mapToLong(ArrayTruth.BlockLine::bytenr).sorted().toArray();
        List<BlockGroup> groups = r.target.treeBlockGroups();
        long bytes = leaves.length * nodesize;
        for (int i = 1; i < leaves.length; i++) {
            long hole = leaves[i] - leaves[i - 1] - nodesize;
            if (hole <= ReadaheadConfig.STREAM_LEAF_GAP_BYTES && group(groups, leaves[i]) == group(groups, leaves[i - 1])) {
                bytes += hole;
            }
        }
        return bytes;
    }

    private static BlockGroup group(List<BlockGroup> groups, long logical) {
        return groups.stream().filter(g -> g.contains(logical, 1)).findFirst().orElseThrow();
    }

    /** The trees' share of what the whole stream reads, as the engine decides it. */
    private static double density(RealArray r, List<TreeRoot> trees) {
        long streamed = 0;
        for (BlockGroup group : r.target.treeBlockGroups()) {
            streamed += ZoneStream.bytes(ZoneStream.parts(r.target, group));
        }
        long bytes = 0;
        for (TreeRoot tree : trees) {
            bytes += r.target.treeBytes().getOrDefault(tree.id(), 0L);
        }
        return (double) bytes / streamed;
    }
}
