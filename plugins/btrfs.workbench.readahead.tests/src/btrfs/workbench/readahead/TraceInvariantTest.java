package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.event.ReadaheadEvent.Pick;
import btrfs.workbench.readahead.event.ReadaheadEvent.Skip;
import btrfs.workbench.readahead.event.SkipReason;

/** Test 2: the machine's invariants hold over its event stream. */
class TraceInvariantTest {

    static List<Long> seeds() {
        List<Long> out = new ArrayList<>();
        for (long s = 1; s <= 40; s++) {
            out.add(s);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void invariantsHoldForSeveralControlsWithErrorsAndGenerationMismatches(long seed) throws Exception {
        Profile profile = Profile.values()[(int) (seed % Profile.values().length)];
        SimArray a = new SimArray(seed, profile, ReadSetTest.devicesFor(profile) + (int) (seed % 2), 4, 64,
                Harness.IO);
        a.syncProbability = seed % 3 == 0 ? 0.2 : 0;
        List<SimArray.Tree> trees = List.of(a.addTree("a", 3, 2, 5, 0.05, 0.03), a.addTree("b", 2, 2, 8, 0.05, 0.03),
                a.addTree("c", 3, 1, 4, 0.05, 0.03));
        int cap = 1 + (int) (seed % ReadaheadConfig.MAX_IN_FLIGHT);
        // every other seed with coalescing: a read spanning up to 8 blocks counts once; every
        // fourth seed reads through holes of up to 3 blocks
        int coalesce = seed % 2 == 0 ? 0 : 8 * a.nodesize();
        int gap = seed % 4 == 3 ? 3 * a.nodesize() : 0;
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a,
                Harness.config(Strategy.READA).withMaxInFlightPerDevice(cap).withCoalesceBytes(coalesce)
                        .withCoalesceGapBytes(gap))) {
            engine.addListener(trace);
            List<ReadaheadControl> controls = new ArrayList<>();
            for (SimArray.Tree t : trees) {
                controls.add(engine.add(ReadaheadRequest.wholeTree(t.name(), t.root(), t.rootGeneration())));
            }
            Harness.awaitAll(engine, controls);
            Harness.assertClean(engine, a);
            // disjoint trees, one control each: every block is read exactly once
            assertEquals(List.of(), trace.check(a, cap, true, true));
            for (int i = 0; i < trees.size(); i++) {
                Oracle.Expect e = Oracle.expect(a, trees.get(i), Key.MIN, Key.MAX);
                assertEquals(e.reads(), trace.enqueued(controls.get(i).id()));
                assertEquals(e.genSkips(), controls.get(i).progress().generationSkips());
            }
            engine.snapshot().devices().forEach(d -> assertTrue(d.counters().maxInFlight() <= cap));
            for (long d = 1; d <= a.ndevices; d++) {
                assertTrue(a.maxInFlight(d) <= cap, "simulated device saw more than the cap");
            }
        }
    }

    @Test
    void generationMismatchCutsTheBranchForThatControlOnly() throws Exception {
        SimArray a = new SimArray(5, Profile.RAID1, 2, 3, 128, Harness.IO);
        SimArray.Tree t = a.addTree("t", 3, 3, 5, 0.2, 0);
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            engine.addListener(trace);
            ReadaheadControl good = engine.add(ReadaheadRequest.wholeTree("good", t.root(), t.rootGeneration()));
            // a control expecting another root generation reads the root and stops there
            ReadaheadControl stale = engine.add(ReadaheadRequest.wholeTree("stale", t.root(), t.rootGeneration() + 1));
            Harness.awaitAll(engine, List.of(good, stale));
            Harness.assertClean(engine, a);
            assertEquals(List.of(), trace.check(a, ReadaheadConfig.MAX_IN_FLIGHT, false, true));
            assertEquals(java.util.Set.of(t.root()), trace.enqueued(stale.id()));
            assertEquals(1, stale.progress().generationSkips());
            assertEquals(1, stale.progress().blocks());
            Oracle.Expect e = Oracle.expect(a, t, Key.MIN, Key.MAX);
            assertEquals(e.reads(), trace.enqueued(good.id()));
            assertTrue(e.genSkips() > 0, "the tree has stale pointers");
            long genSkipEvents = trace.of(Skip.class).stream()
                    .filter(s -> s.reason() == SkipReason.GENERATION && s.control() == good.id()).count();
            assertEquals(e.genSkips(), genSkipEvents);
        }
    }

    @Test
    void picksPreferUnlockedZonesAndLockThePeers() throws Exception {
        // deterministic: everything on the test thread, reads completed in seeded random order
        SimArray a = new SimArray(9, Profile.RAID1, 2, 4, 64, null);
        SimArray.Tree t = a.addTree("t", 2, 8, 12, 0, 0);
        Trace trace = Harness.driven(a, t, Harness.direct(Strategy.READA));
        List<Pick> picks = trace.of(Pick.class);
        assertTrue(picks.stream().anyMatch(p -> !p.locked()), "unlocked picks");
        assertEquals(List.of(), trace.check(a, ReadaheadConfig.MAX_IN_FLIGHT, true, true));
        // both devices read: the second device took another zone while the first one's was locked
        assertEquals(2, trace.submitsPerDevice().size(), "both mirrors read: " + trace.submitsPerDevice());
    }

    /**
     * reada_pick_zone where it has a choice: many small zones on one device, so that picks see
     * several zones with elements and ties among the fullest. Every pick is checked (PICK_ORDER:
     * the fullest unlocked zone, the first of equals); the counts show the rule was put to the
     * test, not met by default.
     */
    @Test
    void theFullestZoneWinsAndTheFirstOfEqualsBreaksTies() throws Exception {
        long competing = 0;
        long ties = 0;
        for (long seed = 1; seed <= 20; seed++) {
            SimArray a = new SimArray(seed, Profile.SINGLE, 1, 12, 16, null);
            SimArray.Tree t = a.addTree("t", 3, 3, 6, 0, 0);
            Trace trace = Harness.driven(a, t, Harness.direct(Strategy.READA));
            assertEquals(List.of(), trace.check(a, ReadaheadConfig.MAX_IN_FLIGHT, true, true));
            for (Pick p : trace.of(Pick.class)) {
                List<Long> elems = p.zones().stream().filter(z -> !z.locked() && z.elems() > 0)
                        .map(z -> z.elems()).toList();
                competing += elems.size() > 1 ? 1 : 0;
                long top = elems.stream().mapToLong(Long::longValue).max().orElse(0);
                ties += elems.stream().filter(e -> e == top).count() > 1 ? 1 : 0;
            }
        }
        assertTrue(competing > 0, "picks with several zones to choose from");
        assertTrue(ties > 0, "picks with a tie among the fullest zones");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void whileADeviceReadsAZoneItsMirrorOnThePeerIsLocked(long seed) throws Exception {
        // deterministic (manual reads on this thread): RAID1 on two devices, several block groups
        SimArray a = new SimArray(seed, Profile.RAID1, 2, 4, 64, null);
        SimArray.Tree t = a.addTree("t", 2, 4, 12, 0, 0);
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.direct(Strategy.READA))) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree("t", t.root(), t.rootGeneration()));
            int steps = 0;
            do {
                var s = engine.snapshot();
                for (var dev : s.devices()) {
                    var peer = s.devices().get(dev.devid() == 1 ? 1 : 0);
                    if (dev.currZone() == null) {
                        continue;
                    }
                    for (var z : peer.zones()) {
                        if (z.start() == dev.currZone().start() && !z.current()) {
                            assertTrue(z.locked(), "step " + steps + ": devid " + dev.devid() + " reads "
                                    + dev.currZone() + " but its mirror on devid " + peer.devid() + " is unlocked");
                        }
                    }
                }
                steps++;
            } while (a.completeOne());
            assertTrue(rc.isDone());
            Harness.assertClean(engine, a);
            assertTrue(trace.of(Pick.class).stream().anyMatch(Pick::locked)
                    || trace.of(Pick.class).stream().map(Pick::zoneStart).distinct().count() > 1);
            assertEquals(List.of(), trace.check(a, ReadaheadConfig.MAX_IN_FLIGHT, true, true));
        }
    }
}
