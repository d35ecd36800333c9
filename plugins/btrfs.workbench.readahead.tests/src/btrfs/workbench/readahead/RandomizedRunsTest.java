package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;

/** Test 4: concurrent controls, and many seeded randomized runs. */
class RandomizedRunsTest {

    private record Want(SimArray.Tree tree, Key start, Key end, long rootGeneration, int rootLevel) {
        Want(SimArray.Tree tree, Key start, Key end, long rootGeneration) {
            this(tree, start, end, rootGeneration, ReadaheadRequest.UNKNOWN_LEVEL);
        }

        ReadaheadRequest request(String label) {
            return new ReadaheadRequest(label, tree.root(), rootGeneration, rootLevel, start, end);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 4, 5, 6 })
    void controlsOnThreeTreesAtOnceGiveTheSameSetsAsSeparately(long seed) throws Exception {
        Profile profile = Profile.values()[(int) (seed % Profile.values().length)];
        SimArray a = new SimArray(seed, profile, ReadSetTest.devicesFor(profile), 4, 96, Harness.IO);
        SimArray.Tree t1 = a.addTree("root", 2, 3, 8, 0.05, 0.03);
        SimArray.Tree t2 = a.addTree("fs", 3, 2, 5, 0.05, 0.03);
        // the third tree is a snapshot of the second: all blocks below the root are shared
        SimArray.Tree t3 = seed % 2 == 0 ? a.snapshotOf("snap", t2) : a.addTree("csum", 3, 1, 6, 0.05, 0.03);
        List<Want> wants = List.of(new Want(t1, Key.MIN, Key.MAX, t1.rootGeneration()),
                new Want(t2, a.randomKey(t2), Key.MAX, t2.rootGeneration()),
                new Want(t3, Key.MIN, a.randomKey(t3), t3.rootGeneration()));

        List<Set<Long>> alone = new ArrayList<>();
        List<ControlSnapshot> aloneDone = new ArrayList<>();
        long aloneSubmits = 0;
        for (Want w : wants) {
            try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
                Trace trace = new Trace();
                engine.addListener(trace);
                ReadaheadControl rc = engine.add(w.request("alone"));
                aloneDone.add(rc.waitFor());
                Harness.assertClean(engine, a);
                alone.add(trace.enqueued(rc.id()));
                aloneSubmits += trace.submitted().size();
            }
        }
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            Trace trace = new Trace();
            engine.addListener(trace);
            List<ReadaheadControl> controls = new ArrayList<>();
            for (Want w : wants) {
                controls.add(engine.add(w.request("together")));
            }
            Harness.awaitAll(engine, controls);
            Harness.assertClean(engine, a);
            for (int i = 0; i < wants.size(); i++) {
                Want w = wants.get(i);
                assertEquals(alone.get(i), trace.enqueued(controls.get(i).id()), "control " + i);
                assertEquals(Oracle.expect(a, w.tree(), w.start(), w.end()).reads(), alone.get(i));
                ControlSnapshot together = controls.get(i).progress();
                assertEquals(aloneDone.get(i).blocks(), together.blocks());
                assertEquals(aloneDone.get(i).errors(), together.errors());
                assertEquals(aloneDone.get(i).generationSkips(), together.generationSkips());
            }
            Set<Long> union = new HashSet<>();
            alone.forEach(union::addAll);
            assertEquals(union, new HashSet<>(trace.submitted()), "the union is read");
            // a block wanted by several controls while it is queued is read once for all; whether the
            // second control wants it before the first one's read completed depends on timing here
            // (deterministically: aSnapshotsSharedBlocksAreReadOnceForBothControls)
            assertTrue(trace.submitted().size() <= aloneSubmits,
                    trace.submitted().size() + " reads together, " + aloneSubmits + " alone");
            assertEquals(List.of(), trace.check(a, ReadaheadConfig.MAX_IN_FLIGHT, false, true));
        }
    }

    /**
     * Two controls, a tree and its snapshot: once both roots are read, every block below is wanted
     * by both, and each is read once (reada_find_extent finds the queued extent and adds the second
     * control to it) — the whole run reads the union, not the sum.
     */
    @Test
    void aSnapshotsSharedBlocksAreReadOnceForBothControls() throws Exception {
        SimArray a = new SimArray(7, Profile.RAID1, 2, 4, 96, null);
        SimArray.Tree fs = a.addTree("fs", 3, 2, 5, 0, 0);
        SimArray.Tree snap = a.snapshotOf("snap", fs);
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.direct(Strategy.READA))) {
            engine.addListener(trace);
            ReadaheadControl c1 = engine.add(ReadaheadRequest.wholeTree("fs", fs.root(), fs.rootGeneration()));
            ReadaheadControl c2 = engine.add(ReadaheadRequest.wholeTree("snap", snap.root(), snap.rootGeneration()));
            assertTrue(a.completeReadOf(fs.root()) && a.completeReadOf(snap.root()), "both roots pending");
            Harness.drive(a);
            assertTrue(c1.isDone() && c2.isDone());
            assertEquals(fs.blocks().size(), c1.progress().blocks(), "fs: every block validated");
            assertEquals(snap.blocks().size(), c2.progress().blocks(), "snap: every block validated");
            Harness.assertClean(engine, a);
        }
        Set<Long> union = new HashSet<>(fs.blocks());
        union.addAll(snap.blocks());
        assertEquals(union.size(), trace.submitted().size(), "each block read once");
        assertEquals(union, new HashSet<>(trace.submitted()));
        assertTrue(union.size() < fs.blocks().size() + snap.blocks().size(), "the trees share blocks");
    }

    @Test
    void aThousandSeededRandomizedRunsEndCleanWithTheRightSets() throws Exception {
        long t0 = System.nanoTime();
        Map<String, Integer> stats = new HashMap<>();
        for (long seed = 1; seed <= 1000; seed++) {
            try {
                run(seed, stats);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("randomized run with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
        System.out.printf("1000 randomized runs in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, stats);
    }

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8 })
    void bigConcurrentRunsWithSnapshotPollingAndListenersCallingBack(long seed) throws Exception {
        Profile profile = Profile.values()[(int) (seed % Profile.values().length)];
        SimArray a = new SimArray(seed, profile, ReadSetTest.devicesFor(profile) + 1, 4, 512, Harness.IO);
        a.syncProbability = 0.1;
        List<SimArray.Tree> trees = List.of(a.addTree("a", 3, 6, 10, 0.02, 0.01), a.addTree("b", 3, 5, 9, 0.02, 0.01),
                a.addTree("c", 2, 10, 30, 0.02, 0.01));
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
            List<ReadaheadControl> controls = new java.util.concurrent.CopyOnWriteArrayList<>();
            engine.addListener(trace);
            engine.addListener(e -> {
                // listeners run outside the engine lock: calling back in must not deadlock
                if (seen.incrementAndGet() % 97 == 0) {
                    engine.snapshot();
                    controls.forEach(ReadaheadControl::progress);
                }
            });
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread poller = new Thread(() -> {
                while (!stop.get()) {
                    var snap = engine.snapshot();
                    if (snap.totals().inFlight() > (long) ReadaheadConfig.MAX_IN_FLIGHT * snap.devices().size()) {
                        problems.add("too many in flight: " + snap.totals());
                    }
                    problems.addAll(engine.checkConsistency());
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "snapshot-poller");
            poller.setDaemon(true);
            poller.start();
            for (SimArray.Tree t : trees) {
                controls.add(engine.add(ReadaheadRequest.wholeTree(t.name(), t.root(), t.rootGeneration())));
            }
            SimArray.Tree t0 = trees.get(0);
            ReadaheadControl doomed = engine.add(ReadaheadRequest.wholeTree("doomed", t0.root(), t0.rootGeneration()));
            controls.add(doomed);
            Thread.sleep(2);
            doomed.cancel();
            Harness.awaitAll(engine, controls);
            stop.set(true);
            poller.join(20_000);
            Harness.assertClean(engine, a);
            assertEquals(List.of(), problems.subList(0, Math.min(5, problems.size())));
            for (int i = 0; i < trees.size(); i++) {
                Oracle.Expect e = Oracle.expect(a, trees.get(i), Key.MIN, Key.MAX);
                assertEquals(e.reads(), trace.enqueued(controls.get(i).id()));
                assertEquals(e.blocks(), controls.get(i).progress().blocks());
            }
            assertEquals(List.of(), trace.check(a, ReadaheadConfig.MAX_IN_FLIGHT, false, true));
            System.out.printf("big run %d (%s): %d reads, %d events%n", seed, profile, a.reads.get(), seen.get());
        }
    }

    private static void run(long seed, Map<String, Integer> stats) throws Exception {
        Random r = new Random(seed);
        Profile profile = Profile.values()[r.nextInt(Profile.values().length)];
        int ndev = profile == Profile.RAID10 ? 4 + 2 * r.nextInt(2) : profile.minDevices + r.nextInt(3);
        SimArray a = new SimArray(seed, profile, ndev, 1 + r.nextInt(4), 16 + r.nextInt(48), Harness.IO);
        List<SimArray.Tree> trees = new ArrayList<>();
        int ntrees = 1 + r.nextInt(3);
        for (int i = 0; i < ntrees; i++) {
            int levels = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(3);
            int maxFan = 3 + r.nextInt(levels == 3 ? 6 : 14);
            trees.add(a.addTree("t" + i, levels, 1 + r.nextInt(3), maxFan, r.nextDouble() * 0.1,
                    r.nextDouble() * 0.08));
        }
        if (r.nextInt(4) == 0) {
            trees.add(a.snapshotOf("snap", trees.get(0)));
        } else if (r.nextInt(8) == 0) {
            // a damaged tree: a pointer back to the root, or to the node itself
            SimArray.Tree t = trees.get(0);
            List<Long> nodes = t.blocks().stream().filter(l -> a.block(l).level() > 0).toList();
            if (!nodes.isEmpty()) {
                long node = nodes.get(r.nextInt(nodes.size()));
                a.corruptPointer(node, r.nextInt(a.children(node).size()), r.nextBoolean() ? t.root() : node);
                stats.merge("damaged", 1, Integer::sum);
            }
        }
        if (r.nextInt(5) == 0) {
            a.missing.add(1L + r.nextInt(ndev));
            stats.merge("missing", 1, Integer::sum);
        } else if (profile != Profile.SINGLE && profile != Profile.DUP && r.nextInt(8) == 0) {
            a.replaceSource = 1L + r.nextInt(ndev);
            stats.merge("replace", 1, Integer::sum);
        }
        a.syncProbability = r.nextInt(3) == 0 ? 0.3 : 0;
        Strategy strategy = r.nextInt(5) == 0 ? Strategy.NAIVE : Strategy.READA;
        stats.merge(strategy.label(), 1, Integer::sum);
        int cap = 1 + r.nextInt(ReadaheadConfig.MAX_IN_FLIGHT);
        int bound = r.nextInt(4) == 0 ? 1 + r.nextInt(5) : ReadaheadConfig.MACHINE_LOOP_BOUND;
        ReadaheadConfig config = Harness.config(strategy).withMaxInFlightPerDevice(cap).withMachineLoopBound(bound);

        List<Want> wants = new ArrayList<>();
        int ncontrols = 1 + r.nextInt(5);
        for (int i = 0; i < ncontrols; i++) {
            SimArray.Tree t = trees.get(r.nextInt(trees.size()));
            Key start = Key.MIN;
            Key end = Key.MAX;
            if (r.nextBoolean()) {
                Key k1 = a.randomKey(t);
                Key k2 = a.randomKey(t);
                start = k1.compareTo(k2) <= 0 ? k1 : k2;
                end = k1.compareTo(k2) <= 0 ? k2 : k1;
            }
            long gen = r.nextInt(10) == 0 ? t.rootGeneration() - 1 : t.rootGeneration();
            int level = r.nextBoolean() ? a.block(t.root()).level() : ReadaheadRequest.UNKNOWN_LEVEL;
            wants.add(new Want(t, start, end, gen, level));
        }
        int cancelIndex = r.nextInt(3) == 0 ? r.nextInt(ncontrols) : -1;
        boolean traced = r.nextBoolean();

        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, config)) {
            if (traced) {
                engine.addListener(trace);
            }
            List<ReadaheadControl> controls = new ArrayList<>();
            for (int i = 0; i < wants.size(); i++) {
                controls.add(engine.add(wants.get(i).request("c" + i)));
                if (i == cancelIndex && r.nextBoolean()) {
                    controls.get(i).cancel();
                }
            }
            if (cancelIndex >= 0 && !controls.get(cancelIndex).progress().status().equals(ControlStatus.CANCELLED)) {
                if (r.nextBoolean()) {
                    Thread.sleep(0, r.nextInt(200_000));
                }
                assertEquals(List.of(), engine.checkConsistency(), "mid-run bookkeeping");
                controls.get(cancelIndex).cancel();
                stats.merge("cancel", 1, Integer::sum);
            }
            Harness.awaitAll(engine, controls);
            Harness.assertClean(engine, a);
            stats.merge("reads", (int) a.reads.get(), Integer::sum);
            stats.merge("blocks", trees.stream().mapToInt(x -> x.blocks().size()).sum(), Integer::sum);

            for (int i = 0; i < wants.size(); i++) {
                Want w = wants.get(i);
                Oracle.Expect e = Oracle.expect(a, w.tree().root(), w.rootGeneration(), w.rootLevel(), w.start(),
                        w.end());
                ControlSnapshot done = controls.get(i).progress();
                if (i == cancelIndex) {
                    assertTrue(done.status() == ControlStatus.CANCELLED || done.status() == ControlStatus.DONE,
                            "cancelled control: " + done.status());
                    assertTrue(done.blocks() <= e.blocks(), "a cancelled control reads no more than it would have");
                    if (traced) {
                        assertTrue(e.reads().containsAll(trace.enqueued(controls.get(i).id())),
                                "a cancelled control only enqueues what it would have");
                    }
                    continue;
                }
                assertEquals(ControlStatus.DONE, done.status());
                assertEquals(e.blocks(), done.blocks(), "blocks of control " + i);
                assertEquals(e.errors(), done.errors(), "errors of control " + i);
                assertEquals(e.genSkips(), done.generationSkips(), "generation skips of control " + i);
                if (traced) {
                    assertEquals(e.reads(), trace.enqueued(controls.get(i).id()), "set of control " + i);
                }
            }
            if (traced) {
                List<String> problems = trace.check(a, strategy == Strategy.NAIVE ? 1 : cap, false,
                        strategy == Strategy.READA);
                if (!problems.isEmpty()) {
                    fail(problems.subList(0, Math.min(10, problems.size())).toString());
                }
            }
        }
    }
}
