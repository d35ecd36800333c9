package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;
import btrfs.workbench.readahead.state.ReadError;

/**
 * Out of memory inside the engine (the kernel BUG()s on a failed allocation in reada.c): the
 * engine aborts every control with the reason, drops everything and lets every waiter return,
 * wherever the Error strikes — in a machine pass, in a read's completion or in a listener.
 * Before, the worker thread died with it and every waiter hung.
 */
class EngineAbortTest {

    /** Where the injected Error is thrown. */
    enum Site {
        /** btrfs_map_block: called by the hook for every new child, on an I/O thread. */
        MIRRORS,
        /** The target's read, called by the machine pass on the worker thread. */
        READ,
        /** A listener, called from the hook when it publishes its events. */
        LISTENER
    }

    /** A SimArray whose {@code n}-th call at {@code site} throws OutOfMemoryError. */
    private static final class OomTarget implements ReadaheadTarget {
        final SimArray array;
        final Site site;
        final int n;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger thrown = new AtomicInteger();

        OomTarget(SimArray array, Site site, int n) {
            this.array = array;
            this.site = site;
            this.n = n;
        }

        void maybeThrow(Site here) {
            if (here == site && calls.incrementAndGet() == n) {
                thrown.incrementAndGet();
                throw new OutOfMemoryError("Java heap space");
            }
        }

        @Override
        public int nodesize() {
            return array.nodesize();
        }

        @Override
        public List<Device> devices() {
            return array.devices();
        }

        @Override
        public List<StripeCopy> mirrors(long logical) {
            maybeThrow(Site.MIRRORS);
            return array.mirrors(logical);
        }

        @Override
        public BlockGroup blockGroup(long logical) {
            return array.blockGroup(logical);
        }

        @Override
        public void read(StripeCopy copy, long logical, ReadCallback done) {
            maybeThrow(Site.READ);
            array.read(copy, logical, done);
        }
    }

    @ParameterizedTest
    @EnumSource(Site.class)
    void outOfMemoryAbortsEveryControlAndReleasesEverything(Site site) throws Exception {
        for (Strategy strategy : Strategy.values()) {
            SimArray a = new SimArray(11, Profile.RAID1, 3, 4, 64, Harness.IO);
            List<SimArray.Tree> trees = List.of(a.addTree("a", 3, 4, 8, 0, 0), a.addTree("b", 3, 4, 8, 0, 0),
                    a.addTree("c", 2, 4, 8, 0, 0));
            // past the roots' mappings (3 calls) and early enough that much is still queued
            OomTarget target = new OomTarget(a, site, 40);
            try (ReadaheadEngine engine = new ReadaheadEngine(target, Harness.config(strategy))) {
                if (site == Site.LISTENER) {
                    engine.addListener(e -> {
                        if (e instanceof ReadaheadEvent.Complete) {
                            target.maybeThrow(Site.LISTENER);
                        }
                    });
                }
                List<ReadaheadControl> controls = new ArrayList<>();
                a.hold = true; // every control added before the error can strike
                for (SimArray.Tree t : trees) {
                    controls.add(engine.add(ReadaheadRequest.wholeTree(t.name(), t.root(), t.rootGeneration())));
                }
                a.release();
                Harness.awaitAll(engine, controls); // before: the worker died and this hung
                assertEquals(1, target.thrown.get(), strategy + ": the error was injected once");
                String reason = engine.abortReason();
                assertNotNull(reason, strategy + ": the engine knows it aborted");
                assertTrue(reason.startsWith("out of memory (Java heap space)"), reason);
                for (ReadaheadControl c : controls) {
                    ControlSnapshot s = c.progress();
                    assertAborted(s, reason, t -> strategy + " " + c + ": " + t);
                }
                Harness.assertDrained(engine);
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> engine.add(ReadaheadRequest.wholeTree("again", trees.get(0).root(),
                                trees.get(0).rootGeneration())));
                assertEquals("readahead engine aborted: " + reason, refused.getMessage());
            }
        }
    }

    /**
     * A control that had finished before the abort keeps its result; the others stop with the
     * reason as their last error, cancelled, nothing outstanding.
     */
    private static void assertAborted(ControlSnapshot s, String reason, Function<String, String> message) {
        if (s.status() == ControlStatus.DONE && s.errors() == 0) {
            return; // finished before the error struck
        }
        assertEquals(ControlStatus.CANCELLED, s.status(), message.apply("status"));
        assertEquals(0, s.elems(), message.apply("nothing outstanding"));
        ReadError last = s.errorList().get(s.errorList().size() - 1);
        assertTrue(last.ofAbortedControl(), message.apply(last.toString()));
        assertEquals(ReadError.ABORTED + reason, last.reason());
        assertEquals(s.errorList().size(), s.errors(), message.apply("only the abort is an error"));
    }
}
