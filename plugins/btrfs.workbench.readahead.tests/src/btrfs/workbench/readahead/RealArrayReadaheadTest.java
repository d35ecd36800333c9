package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.io.FilesystemTarget;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;

/**
 * Acceptance 1, 2, 4 and 6 of the engine on kernel-written arrays: read sets against btrfs-progs
 * and against the metadata library's own walk, the trace invariants, several controls at once,
 * and the naive baseline.
 */
class RealArrayReadaheadTest {


    static RealArray array(TestArray a) {
        return RealArray.shared(a);
    }

    @AfterAll
    static void closeAll() throws IOException {
        RealArray.closeShared();
    }

    private static Stream<DynamicTest> perTree(String what, TreeTest test) {
        return RealArray.all().stream().flatMap(a -> ArrayTruth.of(a).trees().stream()
                .map(t -> DynamicTest.dynamicTest(a.name() + " " + t.name() + ": " + what,
                        () -> test.run(array(a), array(a).root(t.id())))));
    }

    interface TreeTest {
        void run(RealArray r, TreeRoot root) throws Exception;
    }

    @TestFactory
    Stream<DynamicTest> wholeTreeReadsExactlyTheBlocksBtrfsProgsDumpsEachOnce() {
        return perTree("whole tree", (r, root) -> {
            Set<Long> progs = r.progsBlocks(root.id());
            for (Strategy strategy : Strategy.values()) {
                RealArray.Outcome o = r.run(strategy, List.of(RealArray.whole(root)));
                assertEquals(progs, o.read(), strategy.label());
                assertEquals(progs.size(), o.trace.submitted().size(), strategy.label() + ": each block once");
                ControlSnapshot c = o.controls.get(0);
                assertEquals(progs.size(), c.blocks(), strategy.label());
                assertEquals(0, c.errors(), strategy.label() + " " + c.errorList());
                assertEquals(0, c.generationSkips(), strategy.label());
                assertEquals(List.of(), o.violations(true), strategy.label());
            }
        });
    }

    /**
     * Coalescing (not in v4.19): every tree of every array at once, back-to-back blocks read as
     * one I/O — and, with holes allowed, nearby blocks with what lies between them. The same
     * blocks are read, the machine's invariants hold with a read counted once however many
     * blocks it carries, and the kernel-written arrays do have blocks back to back, so that some
     * reads carry several (more of them with holes allowed).
     */
    @TestFactory
    Stream<DynamicTest> coalescedReadsReadTheSameBlocksInFewerReads() {
        return RealArray.all().stream().flatMap(a -> Stream.of(0, 256 << 10).map(gap -> DynamicTest.dynamicTest(
                a.name() + (gap > 0 ? ", holes up to " + (gap >> 10) + " KiB" : ""), () -> {
            RealArray r = array(a);
            List<TreeRoot> roots = r.fs.treeRoots();
            List<ReadaheadRequest> requests = roots.stream().map(RealArray::whole).toList();
            RealArray.Outcome o = r.run(Harness.config(Strategy.READA).withCoalesceBytes(1 << 20)
                    .withCoalesceGapBytes(gap), requests);
            Set<Long> progs = new HashSet<>();
            roots.forEach(root -> progs.addAll(r.progsBlocks(root.id())));
            assertEquals(progs, o.read());
            // as in everyTreeAtOnce...: shared blocks may be read again later, never while in flight
            assertEquals(List.of(), o.violations(false));
            o.controls.forEach(c -> assertEquals(0, c.errors(), c.label() + " " + c.errorList()));
            long reads = o.trace.of(ReadaheadEvent.Submit.class).stream().map(ReadaheadEvent.Submit::read)
                    .distinct().count();
            assertTrue(reads < progs.size(), "some reads carry several blocks: " + reads + " reads for "
                    + progs.size() + " blocks");
        })));
    }

    @TestFactory
    Stream<DynamicTest> keyRangesReadExactlyTheBlocksTheLibraryWalkFinds() {
        return perTree("key ranges", (r, root) -> {
            List<Key> keys = r.leafKeys(root);
            Random random = new Random(r.array.name().hashCode() * 31L + root.id());
            for (KeyRange range : ranges(keys, random)) {
                Set<Long> walked = r.walkedBlocks(root, range);
                for (Strategy strategy : Strategy.values()) {
                    RealArray.Outcome o = r.run(strategy,
                            List.of(RealArray.request(root, range.start(), range.end())));
                    assertEquals(walked, o.read(), strategy.label() + " " + range);
                    assertEquals(List.of(), o.violations(true), strategy.label() + " " + range);
                }
            }
        });
    }

    /**
     * Ranges from the tree's own keys (so they cut leaves and nodes at real boundaries), keys
     * just beside them, an empty range, and one from before the first key to past the last.
     */
    private static List<KeyRange> ranges(List<Key> keys, Random random) {
        List<KeyRange> out = new ArrayList<>();
        out.add(new KeyRange(Key.MIN, Key.MAX));
        if (keys.isEmpty()) {
            return out;
        }
        for (int i = 0; i < 3; i++) {
            int a = random.nextInt(keys.size());
            int b = random.nextInt(keys.size());
            out.add(new KeyRange(keys.get(Math.min(a, b)), keys.get(Math.max(a, b))));
        }
        Key k = keys.get(random.nextInt(keys.size()));
        Key beside = new Key(k.objectid(), k.type(), k.offset() + 1);
        out.add(new KeyRange(beside, Key.MAX));
        out.add(new KeyRange(Key.MIN, beside));
        out.add(new KeyRange(k, k));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> fsExtentAndCsumAtOnceReadTheSameSetsAsSeparately() {
        return RealArray.all().stream().map(a -> DynamicTest.dynamicTest(a.name(), () -> {
            RealArray r = array(a);
            List<TreeRoot> roots = List.of(r.root(ObjectIds.FS_TREE), r.root(ObjectIds.EXTENT_TREE),
                    r.root(ObjectIds.CSUM_TREE));
            List<ReadaheadRequest> requests = roots.stream().map(RealArray::whole).toList();
            RealArray.Outcome together = r.run(Strategy.READA, requests);
            assertEquals(List.of(), together.violations(true));
            for (int i = 0; i < roots.size(); i++) {
                Set<Long> alone = r.run(Strategy.READA, List.of(requests.get(i))).read();
                long id = together.controls.get(i).id();
                assertEquals(alone, together.trace.enqueued(id), roots.get(i).name());
                assertEquals(r.progsBlocks(roots.get(i).id()), alone, roots.get(i).name());
                assertEquals(alone.size(), together.controls.get(i).blocks(), roots.get(i).name());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyTreeAtOnceReadsEveryBlockOfEveryTree() {
        return RealArray.all().stream().map(a -> DynamicTest.dynamicTest(a.name(), () -> {
            RealArray r = array(a);
            Set<Long> expected = new HashSet<>();
            List<ReadaheadRequest> requests = new ArrayList<>();
            for (ArrayTruth.TreeRow t : ArrayTruth.of(a).trees()) {
                expected.addAll(r.progsBlocks(t.id()));
                requests.add(RealArray.whole(r.root(t.id())));
            }
            RealArray.Outcome o = r.run(Strategy.READA, requests);
            assertEquals(expected, o.read());
            // snapshots share blocks: one control may come for a block after another's read of
            // it finished, so a block may be read again; but never while it is in flight
            assertEquals(List.of(), o.violations(false));
            o.controls.forEach(c -> assertEquals(0, c.errors(), c.label() + " " + c.errorList()));
        }));
    }

    /**
     * A zone is a block group on one device (reada_find_zone takes the block group's start and
     * length): every zone a pick names or sees is a chunk btrfs-progs lists. Every tree at once,
     * with both engines.
     */
    @TestFactory
    Stream<DynamicTest> zonesAreTheBlockGroupsBtrfsProgsLists() {
        return RealArray.all().stream().map(a -> DynamicTest.dynamicTest(a.name(), () -> {
            RealArray r = array(a);
            Map<Long, Long> chunkEnds = new HashMap<>();
            ArrayTruth.of(a).chunks().forEach(c -> chunkEnds.put(c.logical(), c.logical() + c.length() - 1));
            List<ReadaheadRequest> requests = ArrayTruth.of(a).trees().stream()
                    .map(t -> RealArray.whole(r.root(t.id()))).toList();
            for (ReadaheadConfig config : List.of(Harness.config(Strategy.READA),
                    ReadaheadConfig.v419().withExecutor(Harness.WORKERS))) {
                RealArray.Outcome o = r.run(config, requests);
                assertEquals(List.of(), o.violations(false), config.engine().label());
                List<ReadaheadEvent.Pick> picks = o.trace.of(ReadaheadEvent.Pick.class);
                assertFalse(picks.isEmpty());
                for (ReadaheadEvent.Pick p : picks) {
                    assertEquals(chunkEnds.get(p.zoneStart()), p.zoneEnd(), config.engine().label() + " " + p);
                    p.zones().forEach(z -> assertTrue(chunkEnds.containsKey(z.start()), "zone " + z + " of " + p));
                }
            }
        }));
    }

    /**
     * Acceptance 3: on mirrored metadata with several zones, every mirror does its share. The
     * reads are paced like a fast disk's ({@link #DISK}): with reads that take time the in-flight
     * cap makes devices that share a zone take turns, as on real devices. Several runs, since
     * thread timing varies: the median run's lowest share must reach 20 % (a loaded machine can
     * starve a device in one run; the minimum over 15 runs once failed so in CI). Every device
     * holding copies must read in every run.
     */
    @TestFactory
    Stream<DynamicTest> mirroredArraysSpreadReadsOverEveryDevice() {
        return RealArray.all().stream().filter(a -> mirrored(ArrayTruth.of(a)))
                .map(a -> DynamicTest.dynamicTest(a.name(), () -> {
                    RealArray r = array(a);
                    List<ReadaheadRequest> requests = ArrayTruth.of(a).trees().stream()
                            .map(t -> RealArray.whole(r.root(t.id()))).toList();
                    List<Double> lowest = new ArrayList<>();
                    try (FilesystemTarget disk = r.paced(DISK)) {
                        for (int run = 0; run < SPREAD_RUNS; run++) {
                            lowest.add(lowestShare(r, r.run(disk, Harness.config(Strategy.READA), requests), a));
                        }
                    }
                    Collections.sort(lowest);
                    double median = lowest.get(SPREAD_RUNS / 2);
                    System.out.printf("%s: lowest read share of a device, median of %d runs: %.2f (worst %.2f)%n",
                            a.name(), SPREAD_RUNS, median, lowest.get(0));
                    assertTrue(median >= 0.2, a.name() + ": lowest shares per run " + lowest);
                }));
    }

    private static final int SPREAD_RUNS = 15;
    /** 1 ms per read, overlapping: a fast device, so that reads are in flight for a while. */
    private static final IoModel DISK = new IoModel(Duration.ofMillis(1), 0, false);

    /** The smallest reads/held ratio of any device in the run; fails if a device read nothing. */
    private static double lowestShare(RealArray r, RealArray.Outcome o, TestArray a) {
        Map<Long, Long> held = new HashMap<>();
        for (long logical : new HashSet<>(o.trace.submitted())) {
            r.target.mirrors(logical).stream().map(m -> m.devid()).distinct()
                    .forEach(d -> held.merge(d, 1L, Long::sum));
        }
        Map<Long, Long> reads = o.trace.submitsPerDevice();
        String report = held.keySet().stream().sorted()
                .map(d -> "devid " + d + " read " + reads.getOrDefault(d, 0L) + " of " + held.get(d)).toList()
                .toString();
        assertEquals(a.numDevices(), held.size(), report);
        double lowest = 1;
        for (Map.Entry<Long, Long> e : held.entrySet()) {
            double share = (double) reads.getOrDefault(e.getKey(), 0L) / e.getValue();
            assertTrue(share > 0, a.name() + ": " + report);
            lowest = Math.min(lowest, share);
        }
        return lowest;
    }

    private static boolean mirrored(ArrayTruth truth) {
        return truth.chunks().stream().anyMatch(c -> c.type().matches("METADATA\\|(RAID1|RAID10|RAID1C3|RAID1C4)"));
    }

    @TestFactory
    Stream<DynamicTest> cancelledRunsOnRealArraysDrainAndFreeEverything() {
        return RealArray.all().stream().map(a -> DynamicTest.dynamicTest(a.name(), () -> {
            RealArray r = array(a);
            try (ReadaheadEngine engine = new ReadaheadEngine(r.target, Harness.config(Strategy.READA))) {
                List<ReadaheadControl> controls = new ArrayList<>();
                for (ArrayTruth.TreeRow t : ArrayTruth.of(a).trees()) {
                    controls.add(engine.add(RealArray.whole(r.root(t.id()))));
                }
                controls.forEach(ReadaheadControl::cancel);
                Harness.awaitAll(engine, controls);
                Harness.assertDrained(engine);
                controls.forEach(c -> assertFalse(c.progress().status() == btrfs.workbench.readahead.state.ControlStatus.RUNNING));
            }
        }));
    }
}
