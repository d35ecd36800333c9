package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ReadError;
import btrfs.workbench.testsupport.TraceInvariants.Rules;

/**
 * The two engines side by side on the same simulated arrays: the same blocks where no deviation
 * applies, and where one does — a copy on a missing device — the difference it lists.
 */
class EngineModeTest {

    private static ReadaheadConfig configOf(EngineMode mode) {
        return mode == EngineMode.V4_19 ? ReadaheadConfig.v419().withExecutor(Harness.WORKERS)
                : Harness.config(Strategy.READA);
    }

    private static Rules rulesOf(EngineMode mode) {
        return new Rules(ReadaheadConfig.MAX_IN_FLIGHT, true, true, false, mode.holdsInFlightUntilCompletion());
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void bothEnginesReadExactlyTheTreeOnEveryProfile(Profile profile) throws Exception {
        SimArray a = new SimArray(profile.ordinal() + 40, profile, ReadSetTest.devicesFor(profile), 4, 64, Harness.IO);
        SimArray.Tree t = a.addTree("t", 3, 3, 6, 0.05, 0);
        Oracle.Expect expect = Oracle.expect(a, t, Key.MIN, Key.MAX);
        for (EngineMode mode : EngineMode.values()) {
            Trace trace = new Trace();
            try (ReadaheadEngine engine = new ReadaheadEngine(a, configOf(mode))) {
                engine.addListener(trace);
                ControlSnapshot done = engine.add(ReadaheadRequest.wholeTree("t", t.root(), t.rootGeneration()))
                        .waitFor();
                Harness.assertClean(engine, a);
                assertEquals(expect.reads(), new HashSet<>(trace.submitted()), mode.label());
                assertEquals(expect.blocks(), done.blocks(), mode.label());
                assertEquals(expect.genSkips(), done.generationSkips(), mode.label());
                assertEquals(0, done.errors(), mode.label());
                assertEquals(List.of(), trace.check(a, rulesOf(mode)), mode.label());
            }
        }
    }

    /**
     * RAID1 on two devices, one missing: v4.19 has the present device read mirror_num 1 of the
     * compacted zone array — stripe 0 — so a block whose stripe 0 is on the missing device fails
     * and its branch is cut; the workbench reads the present device's own copy of every block.
     */
    @ParameterizedTest
    @ValueSource(longs = { 1, 2 })
    void withOneMirrorMissingV419CutsTheBranchesOfStripeZeroAndTheWorkbenchReadsThem(long absent) throws Exception {
        SimArray a = new SimArray(60 + absent, Profile.RAID1, 2, 6, 64, Harness.IO);
        SimArray.Tree t = a.addTree("t", 3, 3, 6, 0, 0);
        a.missing.add(absent);
        a.missingCopiesRead = true;
        Set<Long> stripeZeroMissing = t.blocks().stream()
                .filter(b -> a.mirrors(b).get(0).devid() == absent).collect(Collectors.toSet());
        assertFalse(stripeZeroMissing.isEmpty(), "some chunks have stripe 0 on devid " + absent);

        Trace v419 = new Trace();
        ControlSnapshot cut = run(a, t, EngineMode.V4_19, v419);
        Oracle.Expect expect = Oracle.expectV419(a, t);
        assertEquals(expect.reads(), new HashSet<>(v419.submitted()));
        assertEquals(expect.blocks(), cut.blocks());
        assertTrue(expect.blocks() < t.blocks().size(), "v4.19 loses blocks");
        Set<Long> errors = cut.errorList().stream().map(ReadError::logical).collect(Collectors.toSet());
        assertEquals(expect.errors(), cut.errors());
        assertEquals(expect.reads().stream().filter(stripeZeroMissing::contains).collect(Collectors.toSet()), errors,
                "an error for each block read at its stripe 0 on the missing device, and for no other");
        for (Submit s : v419.of(Submit.class)) {
            // the one deviation at work here: v4.19 reads stripe 0, the workbench its own copy
            long expected = stripeZeroMissing.contains(s.logical()) ? absent : s.dev();
            assertEquals(expected, s.copyDev(), "copy read for " + s);
        }

        Trace workbench = new Trace();
        ControlSnapshot whole = run(a, t, EngineMode.WORKBENCH, workbench);
        assertEquals(t.blocks().size(), whole.blocks());
        assertEquals(0, whole.errors());
        assertTrue(workbench.of(Submit.class).stream().allMatch(s -> s.copyDev() == s.dev()));
        assertTrue(new HashSet<>(workbench.submitted()).containsAll(v419.submitted()));
    }

    private static ControlSnapshot run(SimArray a, SimArray.Tree t, EngineMode mode, Trace trace) throws Exception {
        try (ReadaheadEngine engine = new ReadaheadEngine(a, configOf(mode))) {
            engine.addListener(trace);
            ControlSnapshot done = engine.add(ReadaheadRequest.wholeTree("t", t.root(), t.rootGeneration())).waitFor();
            Harness.assertClean(engine, a);
            assertEquals(List.of(), trace.check(a, rulesOf(mode)), mode.label());
            return done;
        }
    }
}
