package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.event.ReadaheadEvent.Skip;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;

/** Test 5: absent devices, and the naive baseline reading the same set. */
class MissingDeviceTest {

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3 })
    void raid1WithOneDeviceAbsentStillReadsEveryBlockFromTheOthers(long absent) throws Exception {
        SimArray a = new SimArray(absent, Profile.RAID1, 3, 4, 96, Harness.IO);
        SimArray.Tree tree = a.addTree("fs", 3, 3, 7, 0, 0);
        a.missing.add(absent);
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree("fs", tree.root(), tree.rootGeneration()));
            ControlSnapshot done = rc.waitFor();
            Harness.assertClean(engine, a);
            assertEquals(tree.blocks(), new HashSet<>(trace.submitted()));
            assertEquals(tree.blocks().size(), done.blocks());
            assertEquals(0, done.errors());
            assertFalse(trace.submitsPerDevice().containsKey(absent), "nothing read on the absent device");
            assertEquals(List.of(), trace.check(a, ReadaheadConfig.MAX_IN_FLIGHT, true, true));
        }
    }

    @Test
    void aSingleCopyBlockOnAnAbsentDeviceIsAnErrorNotAHang() throws Exception {
        SimArray a = new SimArray(77, Profile.SINGLE, 3, 3, 96, Harness.IO);
        SimArray.Tree tree = a.addTree("fs", 3, 3, 6, 0, 0);
        long rootDev = a.deviceOf(tree.root());
        long absent = rootDev % 3 + 1;
        a.missing.add(absent);
        Oracle.Expect expect = Oracle.expect(a, tree, Key.MIN, Key.MAX);
        assertFalse(expect.missing().isEmpty(), "the absent device holds some blocks");
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree("fs", tree.root(), tree.rootGeneration()));
            assertTrue(rc.waitFor(Harness.WAIT), "finishes");
            ControlSnapshot done = rc.progress();
            Harness.assertClean(engine, a);
            assertEquals(expect.reads(), new HashSet<>(trace.submitted()));
            assertEquals(expect.missing().size(), done.errors());
            assertEquals(expect.blocks(), done.blocks());
            Set<Long> skipped = new HashSet<>();
            for (Skip s : trace.of(Skip.class)) {
                if (s.reason() == SkipReason.MISSING_DEVICE) {
                    skipped.add(s.logical());
                }
            }
            assertEquals(expect.missing(), skipped);
        }
    }

    @Test
    void aRootOnAnAbsentDeviceFinishesTheControlAtOnceWithAnError() throws Exception {
        SimArray a = new SimArray(78, Profile.SINGLE, 2, 2, 64, Harness.IO);
        SimArray.Tree tree = a.addTree("fs", 2, 2, 4, 0, 0);
        a.missing.add(a.deviceOf(tree.root()));
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree("fs", tree.root(), tree.rootGeneration()));
            assertTrue(rc.waitFor(Harness.WAIT));
            assertEquals(ControlStatus.DONE, rc.progress().status());
            assertEquals(1, rc.progress().errors());
            assertEquals(0, rc.progress().blocks());
            assertEquals(List.of(SkipReason.MISSING_DEVICE), trace.of(Skip.class).stream().map(Skip::reason).toList());
            assertEquals(List.of(), trace.submitted());
            Harness.assertClean(engine, a);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 })
    void naiveReadsTheSameSetAsReadaOneReadAtATime(long seed) throws Exception {
        Profile profile = Profile.values()[(int) (seed % Profile.values().length)];
        SimArray a = new SimArray(seed, profile, ReadSetTest.devicesFor(profile), 3, 96, Harness.IO);
        SimArray.Tree tree = a.addTree("t", 3, 2, 6, 0.05, 0.05);
        if (profile == Profile.RAID1 || profile == Profile.SINGLE) {
            long absent = a.deviceOf(tree.root()) % a.ndevices + 1;
            a.missing.add(absent);
        }
        Key start = seed % 2 == 0 ? Key.MIN : a.randomKey(tree);
        Oracle.Expect expect = Oracle.expect(a, tree, start, Key.MAX);

        Set<Long> readaSet;
        ControlSnapshot readaDone;
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            Trace trace = new Trace();
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(new ReadaheadRequest("t", tree.root(), tree.rootGeneration(), start,
                    Key.MAX));
            readaDone = rc.waitFor();
            Harness.assertClean(engine, a);
            readaSet = new HashSet<>(trace.submitted());
        }
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.NAIVE))) {
            Trace trace = new Trace();
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(new ReadaheadRequest("t", tree.root(), tree.rootGeneration(), start,
                    Key.MAX));
            ControlSnapshot naiveDone = rc.waitFor();
            Harness.assertClean(engine, a);
            assertEquals(expect.reads(), readaSet, "reada");
            assertEquals(expect.reads(), new HashSet<>(trace.submitted()), "naive");
            // each block once — a failing one once per copy: failover tries them all
            assertEquals(expect.submits(), trace.submitted().size(), "naive reads each block once");
            assertEquals(readaDone.blocks(), naiveDone.blocks());
            assertEquals(readaDone.errors(), naiveDone.errors());
            assertEquals(readaDone.generationSkips(), naiveDone.generationSkips());
            for (Submit s : trace.of(Submit.class)) {
                assertEquals(1, s.inFlight(), "naive: one read at a time");
            }
            assertEquals(List.of(), trace.check(a, 1, true, false));
            engine.snapshot().devices().forEach(d -> assertTrue(d.counters().maxInFlight() <= 1));
        }
    }
}
