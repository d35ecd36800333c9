package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;

/** Shared thread pools and checks for the engine tests. */
final class Harness {

    /** Machine workers of all engines under test. */
    static final ExecutorService WORKERS = pool("test-reada-worker", 2);
    /** Completes simulated reads in random order. */
    static final ExecutorService IO = pool("test-sim-io", 2);
    /** Bound of every wait: a hang fails the test instead of stalling the build. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private Harness() {
    }

    private static ExecutorService pool(String name, int n) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    static ReadaheadConfig config(Strategy strategy) {
        return ReadaheadConfig.defaults().withExecutor(WORKERS).withStrategy(strategy);
    }

    /** Everything on the calling thread: for deterministic runs with a manual SimArray. */
    static ReadaheadConfig direct(Strategy strategy) {
        return ReadaheadConfig.defaults().withExecutor(Runnable::run).withStrategy(strategy);
    }

    static void awaitAll(ReadaheadEngine engine, List<ReadaheadControl> controls) throws InterruptedException {
        for (ReadaheadControl c : controls) {
            if (!c.waitFor(WAIT)) {
                fail("control " + c.id() + " did not finish within " + WAIT + ": " + c.progress() + "\n"
                        + dump(engine.snapshot()));
            }
        }
    }

    /** Manual mode: complete pending reads one by one (seeded order) until none is left. */
    static void drive(SimArray a) {
        while (a.completeOne()) {
            // each completion runs the hook and the machine on this thread
        }
    }

    /**
     * One whole-tree control driven to its end on this thread (config: {@link #direct}, a manual
     * SimArray); the engine drained and closed. Its trace.
     */
    static Trace driven(SimArray a, SimArray.Tree t, ReadaheadConfig config) throws InterruptedException {
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, config)) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree(t.name(), t.root(), t.rootGeneration()));
            drive(a);
            assertTrue(rc.isDone());
            assertClean(engine, a);
        }
        return trace;
    }

    /** After all controls finished: the engine drains to empty — no extents, zones, reads. */
    static void assertClean(ReadaheadEngine engine, SimArray a) throws InterruptedException {
        assertDrained(engine);
        assertEquals(List.of(), a.violations, "simulated array saw bad reads");
        assertEquals(0, a.pendingCount(), "simulated reads left pending");
    }

    /** After all controls finished: no extents, zones, reads or controls are left in the engine. */
    static void assertDrained(ReadaheadEngine engine) throws InterruptedException {
        if (!engine.awaitIdle(WAIT)) {
            fail("engine not idle within " + WAIT + "\n" + dump(engine.snapshot()));
        }
        assertEquals(List.of(), engine.checkConsistency(), "bookkeeping");
        EngineSnapshot s = engine.snapshot();
        assertEquals(0, s.totals().extents(), "extents left");
        assertEquals(0, s.totals().zones(), "zones left");
        assertEquals(0, s.totals().inFlight(), "reads in flight");
        assertEquals(0, s.totals().activeControls(), "controls left");
        for (DeviceSnapshot d : s.devices()) {
            assertEquals(List.of(), d.zones(), "zones of devid " + d.devid());
            assertEquals(null, d.currZone(), "curr_zone of devid " + d.devid());
            assertEquals(0, d.queued(), "queue of devid " + d.devid());
        }
        // a waiter's 100 ms re-kick (btrfs_reada_wait) may start one more, empty pass at any time:
        // what counts is that the engine comes back to idle, with nothing left to do
        assertTrue(engine.isIdle() || engine.awaitIdle(WAIT), () -> "not idle:" + engine.busyState());
    }

    static String dump(EngineSnapshot s) {
        StringBuilder b = new StringBuilder();
        b.append("totals ").append(s.totals()).append('\n');
        for (DeviceSnapshot d : s.devices()) {
            b.append(" dev ").append(d.devid()).append(" inFlight ").append(d.inFlight()).append(" queued ")
                    .append(d.queued()).append(" next ").append(d.readaNext()).append(" curr ").append(d.currZone())
                    .append('\n');
            d.zones().forEach(z -> b.append("   ").append(z).append('\n'));
        }
        s.controls().forEach(c -> b.append(" ").append(c).append('\n'));
        return b.toString();
    }
}
