package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;

/**
 * The readahead engine's hook (__readahead_hook: a read completed, its children in range are
 * queued) on trees that come from the fuzzer ({@link HookScenario}; seeds: the shapes of the
 * committed arrays' real trees): levels, generations, pointers anywhere (cycles, shared and
 * unmapped children), failed reads, missing devices, both strategies, reads completing in any
 * order and controls cancelled midway. Whatever the tree, every control finishes, the engine
 * drains to empty with consistent bookkeeping, and it only reads real mirrors on present devices.
 */
public class ReadaheadHookFuzzTest {

    /** A DAG of shared children can be read once per path; past this the run is cancelled. */
    private static final int MAX_COMPLETIONS = 20_000;
    private static final int CANCEL = 0xff;

    @FuzzTest
    void fuzz(byte[] data) throws InterruptedException {
        HookScenario scenario = HookScenario.decode(data);
        ScenarioTarget target = new ScenarioTarget(scenario);
        try (ReadaheadEngine engine = new ReadaheadEngine(target, config(scenario))) {
            engine.addListener(event -> event.seq()); // with a listener the engine also traces every step
            List<ReadaheadControl> controls = scenario.controls.stream().map(c -> engine.add(request(c))).toList();
            drive(target, controls, scenario.schedule);
            check(engine, target, controls, scenario);
        }
    }

    /** Everything on this thread: deterministic, so a finding replays exactly. */
    private static ReadaheadConfig config(HookScenario scenario) {
        return ReadaheadConfig.defaults().withExecutor(Runnable::run)
                .withStrategy(scenario.naive ? Strategy.NAIVE : Strategy.READA)
                .withMaxInFlightPerDevice(scenario.maxInFlight)
                .withCoalesceBytes(scenario.coalesce ? 16 * HookScenario.NODESIZE : 0).withScrub(scenario.scrub);
    }

    private static ReadaheadRequest request(HookScenario.Control c) {
        return new ReadaheadRequest("slot " + c.rootSlot(), HookScenario.logical(c.rootSlot()), c.generation(),
                c.level(), c.start(), c.end());
    }

    /** Completes pending reads in the order the bytes say; byte 0xff then a control's index cancels it. */
    private static void drive(ScenarioTarget target, List<ReadaheadControl> controls, HookScenario.Bytes schedule) {
        int completions = 0;
        while (!target.pending.isEmpty()) {
            int b = schedule.u8();
            if (b == CANCEL) {
                controls.get(schedule.u8() % controls.size()).cancel();
                continue;
            }
            if (++completions == MAX_COMPLETIONS) {
                controls.forEach(ReadaheadControl::cancel);
            }
            target.complete(b % target.pending.size());
        }
    }

    private static void check(ReadaheadEngine engine, ScenarioTarget target, List<ReadaheadControl> controls,
            HookScenario scenario) throws InterruptedException {
        assertEquals(List.of(), target.violations);
        for (ReadaheadControl control : controls) {
            assertTrue(control.isDone(), "control finished once no read is pending: " + control.progress());
            ControlSnapshot progress = control.progress();
            assertEquals(0, progress.elems(), "no elements left: " + progress);
        }
        assertTrue(engine.awaitIdle(Duration.ofSeconds(5)), "idle once every control finished");
        assertEquals(List.of(), engine.checkConsistency(), "bookkeeping");
        EngineSnapshot snapshot = engine.snapshot();
        assertEquals(0, snapshot.totals().extents(), "extents left");
        assertEquals(0, snapshot.totals().zones(), "zones left");
        assertEquals(0, snapshot.totals().inFlight(), "reads in flight");
        // a coalesced I/O counts once in the engine and once per block at the target
        long engineReads = snapshot.totals().reads();
        assertTrue(scenario.coalesce ? engineReads <= target.reads : engineReads == target.reads,
                "reads counted: engine " + engineReads + ", target " + target.reads);
    }
}
