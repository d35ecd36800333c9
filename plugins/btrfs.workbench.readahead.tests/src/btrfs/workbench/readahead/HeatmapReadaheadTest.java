package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import btrfs.workbench.metadata.item.DevExtent;
import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadEvent.Complete;
import btrfs.workbench.readahead.event.ReadaheadEvent.Skip;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.heatmap.CellState;
import btrfs.workbench.readahead.heatmap.DeviceHeat;
import btrfs.workbench.readahead.heatmap.DeviceLayout;
import btrfs.workbench.readahead.heatmap.DeviceLayouts;
import btrfs.workbench.readahead.heatmap.HeatmapRecorder;
import btrfs.workbench.readahead.heatmap.HeatmapSnapshot;
import btrfs.workbench.readahead.heatmap.PhysicalRange;
import btrfs.workbench.readahead.io.FilesystemTarget;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;

/**
 * The heatmap model against independent answers: device layouts against the dev tree's
 * DEV_EXTENTs and btrfs-progs' chunk types, and recorded cells against the copies the engine's
 * own trace says were read, failed or skipped — on every committed array and on simulated
 * arrays with injected errors, after the run and while reads are in flight.
 */
class HeatmapReadaheadTest {

    /** As many cells as a view would draw: 128 x 128. */
    private static final int VIEW_CELLS = 128 * 128;
    /** No limit: one tree block per cell, so that cells tell copies apart. */
    private static final int BLOCK_CELLS = Integer.MAX_VALUE;

    static RealArray array(TestArray a) {
        return RealArray.shared(a);
    }

    @AfterAll
    static void closeAll() throws IOException {
        RealArray.closeShared();
    }

    private static Stream<DynamicTest> perArray(ArrayTest test) {
        return RealArray.all().stream().map(a -> DynamicTest.dynamicTest(a.name(), () -> test.run(array(a))));
    }

    interface ArrayTest {
        void run(RealArray r) throws Exception;
    }

    // ================================================================ layouts

    @TestFactory
    Stream<DynamicTest> layoutsAreTheDevExtentsOfMetadataAndSystemChunks() {
        return perArray(r -> {
            ArrayTruth truth = ArrayTruth.of(r.array);
            Map<Long, String> types = new HashMap<>();
            truth.chunks().forEach(c -> types.put(c.logical(), c.type()));
            Map<Long, Set<PhysicalRange>> expected = new HashMap<>();
            Map<Long, List<PhysicalRange>> data = new HashMap<>();
            for (DevExtent e : r.fs.devExtents()) {
                String type = types.get(e.chunkOffset());
                assertNotNull(type, "dev extent " + e + " of no chunk btrfs-progs lists");
                PhysicalRange range = new PhysicalRange(e.physical(), e.length());
                if (type.contains("METADATA") || type.contains("SYSTEM")) {
                    expected.computeIfAbsent(e.devid(), d -> new HashSet<>()).add(range);
                } else {
                    data.computeIfAbsent(e.devid(), d -> new ArrayList<>()).add(range);
                }
            }
            List<DeviceLayout> layouts = DeviceLayouts.of(r.fs);
            Map<Long, Long> sizes = new HashMap<>();
            truth.dumpDevItems().forEach(d -> sizes.put(d.devid(), d.totalBytes()));
            assertEquals(sizes.keySet(), new HashSet<>(layouts.stream().map(DeviceLayout::devid).toList()));
            for (DeviceLayout l : layouts) {
                String what = r + " devid " + l.devid();
                assertEquals(expected.get(l.devid()), new HashSet<>(l.metadata()), what);
                assertEquals(expected.get(l.devid()).size(), l.metadata().size(), what + ": each range once");
                assertEquals(sizes.get(l.devid()), l.size(), what);
                assertNoOverlap(l.metadata(), data.getOrDefault(l.devid(), List.of()), what);
            }
        });
    }

    private static void assertNoOverlap(List<PhysicalRange> metadata, List<PhysicalRange> data, String what) {
        for (int i = 1; i < metadata.size(); i++) {
            assertTrue(metadata.get(i - 1).end() <= metadata.get(i).start(), what + ": " + metadata);
        }
        for (PhysicalRange m : metadata) {
            for (PhysicalRange d : data) {
                assertFalse(m.overlaps(d.start(), d.end()), what + ": metadata " + m + " over data " + d);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCopyOfEveryTreeBlockLiesInAMetadataRange() {
        return perArray(r -> {
            Map<Long, DeviceLayout> layouts = byDevid(DeviceLayouts.of(r.fs));
            for (ArrayTruth.TreeRow t : ArrayTruth.of(r.array).trees()) {
                for (long logical : r.progsBlocks(t.id())) {
                    for (StripeCopy c : r.target.mirrors(logical)) {
                        DeviceLayout l = layouts.get(c.devid());
                        assertTrue(l.isMetadata(c.physical()) && l.isMetadata(c.physical() + r.fs.nodesize() - 1),
                                r + " " + t.name() + " block " + logical + " copy " + c);
                    }
                }
            }
        });
    }

    // ================================================================ real runs

    @TestFactory
    Stream<DynamicTest> afterAWholeRunEveryCopyReadShowsReadAndNothingElseChanged() {
        return perArray(r -> {
            List<DeviceLayout> layouts = DeviceLayouts.of(r.fs);
            HeatmapRecorder view = new HeatmapRecorder(r.target, layouts, VIEW_CELLS);
            HeatmapRecorder blocks = new HeatmapRecorder(r.target, layouts, BLOCK_CELLS);
            RealArray.Outcome o = r.run(r.target, Harness.config(Strategy.READA), everyTree(r),
                    List.of(view, blocks));
            List<ReadaheadEvent> events = o.trace.events();
            assertEquals(Set.of(), completed(events, false), "a healthy array");
            assertEquals(Set.of(), generationSkipped(events), "a consistent array");
            Set<StripeCopy> read = completed(events, true);
            assertEquals(o.read(), logicalsOf(events, true));
            for (HeatmapRecorder recorder : List.of(view, blocks)) {
                HeatmapSnapshot s = recorder.snapshot();
                for (DeviceLayout l : layouts) {
                    DeviceHeat d = s.device(l.devid()).orElseThrow();
                    assertSettled(d, r + " devid " + l.devid());
                    assertCells(d, l, Map.of(CellState.READ, on(read, l.devid())), r + " devid " + l.devid());
                }
            }
            view.snapshot().devices().forEach(d -> assertTrue(d.cellCount() <= VIEW_CELLS, r + " " + d));
        });
    }

    @TestFactory
    Stream<DynamicTest> whileReadsArePacedInFlightReadsShowAsInFlightCells() {
        return perArray(r -> {
            try (FilesystemTarget slow = r.paced(new IoModel(Duration.ofMillis(3), 0, false));
                    ReadaheadEngine engine = new ReadaheadEngine(slow, Harness.config(Strategy.READA))) {
                HeatmapRecorder recorder = new HeatmapRecorder(slow, DeviceLayouts.of(r.fs), VIEW_CELLS);
                engine.addListener(recorder);
                List<ReadaheadControl> controls = everyTree(r).stream().map(engine::add).toList();
                int samples = 0;
                int withReadsInFlight = 0;
                long deadline = System.nanoTime() + Harness.WAIT.toNanos();
                while (!controls.stream().allMatch(c -> c.progress().finished())) {
                    if (System.nanoTime() > deadline) {
                        fail(r + ": readahead did not finish within " + Harness.WAIT);
                    }
                    HeatmapSnapshot s = recorder.snapshot();
                    samples++;
                    if (checkInFlight(s, r.toString()) > 0) {
                        withReadsInFlight++;
                    }
                    Thread.sleep(1);
                }
                Harness.awaitAll(engine, controls);
                Harness.assertDrained(engine);
                System.out.printf("%s: %d of %d heatmap samples had reads in flight%n", r, withReadsInFlight,
                        samples);
                assertTrue(withReadsInFlight > 0, r + ": no sample of " + samples + " saw a read in flight");
                recorder.snapshot().devices().forEach(d -> assertSettled(d, r + " devid " + d.devid()));
            }
        });
    }

    /**
     * One instant of a running readahead: a device has at most the engine's cap of reads in
     * flight, a cell shows IN_FLIGHT only over a read in flight, and the cells add up. Returns
     * the IN_FLIGHT cells.
     */
    private static int checkInFlight(HeatmapSnapshot s, String what) {
        int inFlight = 0;
        for (DeviceHeat d : s.devices()) {
            Map<CellState, Integer> counts = d.cellCounts();
            assertEquals(d.cellCount(), counts.values().stream().mapToInt(Integer::intValue).sum(), what);
            long copies = d.copies(CellState.IN_FLIGHT);
            assertTrue(copies <= ReadaheadConfig.MAX_IN_FLIGHT, what + " devid " + d.devid() + ": " + copies);
            assertTrue(counts.get(CellState.IN_FLIGHT) <= copies, what + " devid " + d.devid());
            inFlight += counts.get(CellState.IN_FLIGHT);
        }
        return inFlight;
    }

    // ================================================================ simulated runs

    @ParameterizedTest(name = "{0} on {1} devices, {2}")
    @CsvSource({ "SINGLE, 1, READA", "DUP, 1, READA", "RAID1, 2, READA", "RAID1, 3, READA", "RAID10, 4, READA",
            "RAID1C3, 3, READA", "DUP, 1, NAIVE", "RAID1, 3, NAIVE" })
    void failedReadsShowExactlyWhereTheyFailedAndSkippedNodesWhereTheyWereRead(Profile profile, int devices,
            Strategy strategy) throws Exception {
        SimArray a = new SimArray(7 * devices + profile.ordinal(), profile, devices, 2, 256, Harness.IO);
        List<SimArray.Tree> trees = List.of(a.addTree("fs", 3, 4, 7, 0.15, 0.08),
                a.addTree("extent", 2, 4, 9, 0.15, 0.08));
        List<DeviceLayout> layouts = a.layouts();
        HeatmapRecorder view = new HeatmapRecorder(a, layouts, 64);
        HeatmapRecorder blocks = new HeatmapRecorder(a, layouts, BLOCK_CELLS);
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(strategy))) {
            engine.addListener(view);
            engine.addListener(blocks);
            engine.addListener(trace);
            List<ReadaheadControl> controls = trees.stream()
                    .map(t -> engine.add(ReadaheadRequest.wholeTree(t.name(), t.root(), t.rootGeneration())))
                    .toList();
            Harness.awaitAll(engine, controls);
            Harness.assertClean(engine, a);
        }
        List<ReadaheadEvent> events = trace.events();
        Set<StripeCopy> failed = completed(events, false);
        Set<StripeCopy> skipped = generationSkipped(events);
        Set<StripeCopy> read = new HashSet<>(completed(events, true));
        read.removeAll(skipped);
        assertFalse(failed.isEmpty(), "the run should have failed reads");
        assertFalse(skipped.isEmpty(), "the run should have generation skips");
        for (DeviceLayout l : layouts) {
            String what = profile + " devid " + l.devid();
            DeviceHeat fine = blocks.snapshot().device(l.devid()).orElseThrow();
            assertSettled(fine, what);
            assertEquals(NODESIZE_CELL, fine.cellBytes());
            assertCells(fine, l, Map.of(CellState.FAILED, on(failed, l.devid()), CellState.SKIPPED,
                    on(skipped, l.devid()), CellState.READ, on(read, l.devid())), what);
            DeviceHeat coarse = view.snapshot().device(l.devid()).orElseThrow();
            assertSettled(coarse, what);
            assertEquals(cellsOf(coarse, on(failed, l.devid())), cellsIn(coarse, CellState.FAILED), what);
            assertEquals(on(failed, l.devid()).size(), coarse.copies(CellState.FAILED), what);
        }
    }

    private static final long NODESIZE_CELL = SimArray.NODESIZE;

    @Test
    void aCancelledRunLeavesNoQueuedCells() throws Exception {
        SimArray a = new SimArray(11, Profile.RAID1, 3, 2, 256, null);
        SimArray.Tree fs = a.addTree("fs", 3, 5, 8, 0, 0);
        SimArray.Tree csum = a.addTree("csum", 2, 5, 8, 0, 0);
        HeatmapRecorder recorder = new HeatmapRecorder(a, a.layouts(), BLOCK_CELLS);
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.direct(Strategy.READA))) {
            engine.addListener(recorder);
            engine.addListener(trace);
            List<ReadaheadControl> controls = List.of(
                    engine.add(ReadaheadRequest.wholeTree("fs", fs.root(), fs.rootGeneration())),
                    engine.add(ReadaheadRequest.wholeTree("csum", csum.root(), csum.rootGeneration())));
            for (int i = 0; i < 4; i++) {
                a.completeOne();
            }
            HeatmapSnapshot mid = recorder.snapshot();
            long queued = mid.devices().stream().mapToLong(d -> d.copies(CellState.QUEUED)).sum();
            assertTrue(queued > 0, "blocks wait for reads");
            checkInFlight(mid, "mid-run");
            controls.forEach(ReadaheadControl::cancel);
            Harness.drive(a);
            Harness.awaitAll(engine, controls);
            Harness.assertClean(engine, a);
        }
        Set<StripeCopy> read = completed(trace.events(), true);
        for (DeviceLayout l : a.layouts()) {
            DeviceHeat d = recorder.snapshot().device(l.devid()).orElseThrow();
            assertSettled(d, "devid " + l.devid());
            assertCells(d, l, Map.of(CellState.READ, on(read, l.devid())), "devid " + l.devid());
        }
    }

    // ================================================================ checks

    /** Nothing waits or is being read: no QUEUED or IN_FLIGHT copy or cell; the cells add up. */
    private static void assertSettled(DeviceHeat d, String what) {
        Map<CellState, Integer> counts = d.cellCounts();
        assertEquals(d.cellCount(), counts.values().stream().mapToInt(Integer::intValue).sum(), what);
        for (CellState s : List.of(CellState.QUEUED, CellState.IN_FLIGHT)) {
            assertEquals(0, counts.get(s), what + ": " + s + " cells");
            assertEquals(0, d.copies(s), what + ": " + s + " copies");
        }
    }

    /**
     * Every cell as expected: the most urgent of the given states among the copies in it, else
     * METADATA where the layout has metadata, else UNUSED; and the copy counts per state.
     */
    private static void assertCells(DeviceHeat d, DeviceLayout l, Map<CellState, Set<Long>> copies, String what) {
        CellState[] expected = new CellState[d.cellCount()];
        for (int i = 0; i < expected.length; i++) {
            long from = d.physicalOf(i);
            long to = from + d.cellBytes();
            boolean metadata = l.metadata().stream().anyMatch(m -> m.overlaps(from, to));
            expected[i] = metadata ? CellState.METADATA : CellState.UNUSED;
        }
        copies.forEach((state, physicals) -> {
            for (long p : physicals) {
                assertTrue(l.isMetadata(p), what + ": " + state + " copy at " + p + " outside metadata");
                int cell = d.cellOf(p);
                expected[cell] = CellState.mostUrgent(expected[cell], state);
            }
            assertEquals(physicals.size(), d.copies(state), what + ": " + state + " copies");
        });
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], d.cell(i), what + ": cell " + i + " at " + d.physicalOf(i));
        }
    }

    /**
     * The copies whose reads completed as {@code ok}, each complete paired with the submit of
     * the same block on the same device before it — the trace's account, independent of the
     * recorder.
     */
    private static Set<StripeCopy> completed(List<ReadaheadEvent> events, boolean ok) {
        Map<List<Long>, Long> inFlight = new HashMap<>();
        Set<StripeCopy> out = new HashSet<>();
        for (ReadaheadEvent e : events) {
            if (e instanceof Submit s) {
                inFlight.put(List.of(s.dev(), s.logical()), s.physical());
            } else if (e instanceof Complete c) {
                Long physical = inFlight.remove(List.of(c.dev(), c.logical()));
                assertNotNull(physical, "complete without submit: " + c);
                if (c.ok() == ok) {
                    out.add(new StripeCopy(c.dev(), physical));
                }
            }
        }
        return out;
    }

    /** The copies read whose node was then not descended into for its generation. */
    private static Set<StripeCopy> generationSkipped(List<ReadaheadEvent> events) {
        Map<List<Long>, Long> inFlight = new HashMap<>();
        Map<Long, StripeCopy> lastRead = new HashMap<>();
        Set<StripeCopy> out = new HashSet<>();
        for (ReadaheadEvent e : events) {
            if (e instanceof Submit s) {
                inFlight.put(List.of(s.dev(), s.logical()), s.physical());
            } else if (e instanceof Complete c) {
                lastRead.put(c.logical(), new StripeCopy(c.dev(), inFlight.remove(List.of(c.dev(), c.logical()))));
            } else if (e instanceof Skip k && k.reason() == SkipReason.GENERATION) {
                out.add(lastRead.get(k.logical()));
            }
        }
        return out;
    }

    private static Set<Long> logicalsOf(List<ReadaheadEvent> events, boolean ok) {
        Set<Long> out = new HashSet<>();
        events.stream().filter(e -> e instanceof Complete c && c.ok() == ok).forEach(e -> out.add(((Complete) e).logical()));
        return out;
    }

    /** The physical offsets of the copies on {@code devid}. */
    private static Set<Long> on(Set<StripeCopy> copies, long devid) {
        Set<Long> out = new HashSet<>();
        copies.stream().filter(c -> c.devid() == devid).forEach(c -> out.add(c.physical()));
        return out;
    }

    private static Set<Integer> cellsOf(DeviceHeat d, Set<Long> physicals) {
        Set<Integer> out = new HashSet<>();
        physicals.forEach(p -> out.add(d.cellOf(p)));
        return out;
    }

    private static Set<Integer> cellsIn(DeviceHeat d, CellState state) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < d.cellCount(); i++) {
            if (d.cell(i) == state) {
                out.add(i);
            }
        }
        return out;
    }

    private static Map<Long, DeviceLayout> byDevid(List<DeviceLayout> layouts) {
        Map<Long, DeviceLayout> out = new HashMap<>();
        layouts.forEach(l -> out.put(l.devid(), l));
        return out;
    }

    private static List<ReadaheadRequest> everyTree(RealArray r) {
        return ArrayTruth.of(r.array).trees().stream().map(t -> RealArray.whole(r.root(t.id()))).toList();
    }
}
