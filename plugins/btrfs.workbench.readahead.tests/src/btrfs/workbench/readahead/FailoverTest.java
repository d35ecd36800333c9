package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.BadCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;

/** Mirror failover on the simulated array: a bad copy is read from the next one; edge cases. */
class FailoverTest {

    /** The first usable copies of every {@code nth} block of the tree (never the root), made bad. */
    private static List<BadCopy> spoil(SimArray a, SimArray.Tree t, int nth, int copiesPerBlock) {
        List<BadCopy> spoiled = new ArrayList<>();
        int i = 0;
        for (long logical : t.blocks()) {
            if (logical == t.root() || i++ % nth != 0) {
                continue;
            }
            List<StripeCopy> copies = a.mirrors(logical).stream().filter(c -> !a.missing.contains(c.devid())).toList();
            for (StripeCopy c : copies.subList(0, Math.min(copiesPerBlock, copies.size()))) {
                a.badCopies.add(SimArray.copyKey(logical, c));
                spoiled.add(new BadCopy(logical, c.devid(), c.physical(), "injected checksum mismatch on "
                        + SimArray.copyKey(logical, c)));
            }
        }
        return spoiled;
    }

    private record Result(ControlSnapshot control, Trace trace) {
    }

    private static Result run(SimArray a, SimArray.Tree t, ReadaheadConfig config) throws Exception {
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, config)) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree(t.name(), t.root(), t.rootGeneration()));
            if (a.manual()) {
                Harness.drive(a); // complete its reads here, in its seeded order
            }
            Harness.awaitAll(engine, List.of(rc));
            Harness.assertClean(engine, a);
            int cap = config.strategy() == Strategy.NAIVE ? 1 : config.maxInFlightPerDevice();
            assertEquals(List.of(), trace.check(a, cap, true, config.strategy() == Strategy.READA));
            return new Result(rc.progress(), trace);
        }
    }

    private static Set<BadCopy> badCopyEvents(Trace trace) {
        Set<BadCopy> out = new HashSet<>();
        trace.of(ReadaheadEvent.BadCopy.class)
                .forEach(b -> out.add(new BadCopy(b.logical(), b.dev(), b.physical(), b.reason())));
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = { "DUP", "RAID1", "RAID10", "RAID1C3" })
    void oneBadCopyPerBlockIsReadFromTheNextCopy(Profile profile) throws Exception {
        for (Strategy strategy : Strategy.values()) {
            SimArray a = new SimArray(11, profile, ReadSetTest.devicesFor(profile), 4, 64, Harness.IO);
            SimArray.Tree t = a.addTree("t", 3, 2, 6, 0, 0);
            List<BadCopy> spoiled = spoil(a, t, 3, 1);
            assertTrue(spoiled.size() > 5, "some copies spoiled");
            Result r = run(a, t, Harness.config(strategy));
            Oracle.Expect e = Oracle.expect(a, t, Key.MIN, Key.MAX);
            assertEquals(t.blocks().size(), e.blocks(), "every block is readable from some copy");
            assertEquals(e.blocks(), r.control().blocks(), strategy.label());
            assertEquals(0, r.control().errors(), r.control().errorList().toString());
            // the naive walk tries the first copy first, so it meets every spoiled one; the port
            // meets those whose device came to the block before a device with a good copy did
            Set<BadCopy> met = Set.copyOf(r.control().badCopyList());
            assertTrue(Set.copyOf(spoiled).containsAll(met), strategy.label() + " " + met);
            assertTrue(strategy == Strategy.READA || met.size() == spoiled.size(), strategy.label());
            assertFalse(met.isEmpty(), strategy.label() + ": some bad copies were met");
            assertEquals(met.size(), r.control().badCopies());
            assertEquals(met, badCopyEvents(r.trace()));
            // every block read once more for each bad copy met, never a bad copy twice
            assertEquals(t.blocks().size() + met.size(), r.trace().submitted().size());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = { "DUP", "RAID1", "RAID1C3" })
    void everyCopyBadCutsTheBranchWithEveryReason(Profile profile) throws Exception {
        for (Strategy strategy : Strategy.values()) {
            SimArray a = new SimArray(12, profile, ReadSetTest.devicesFor(profile), 4, 64, Harness.IO);
            SimArray.Tree t = a.addTree("t", 2, 3, 5, 0, 0);
            long node = a.children(t.root()).get(1);
            List<BadCopy> spoiled = new ArrayList<>();
            for (StripeCopy c : a.mirrors(node)) {
                a.badCopies.add(SimArray.copyKey(node, c));
                spoiled.add(new BadCopy(node, c.devid(), c.physical(), "injected checksum mismatch on "
                        + SimArray.copyKey(node, c)));
            }
            Result r = run(a, t, Harness.config(strategy));
            Oracle.Expect e = Oracle.expect(a, t, Key.MIN, Key.MAX);
            assertEquals(e.blocks(), r.control().blocks());
            assertEquals(1, r.control().errors());
            String reason = r.control().errorList().get(0).reason();
            assertEquals(node, r.control().errorList().get(0).logical());
            assertTrue(reason.startsWith("no copy could be read: "), reason);
            for (BadCopy b : spoiled) {
                assertTrue(reason.contains(b.describe()), reason);
            }
            assertEquals(Set.copyOf(spoiled), Set.copyOf(r.control().badCopyList()));
            for (long child : a.children(node)) {
                assertFalse(r.trace().submitted().contains(child), "the branch below is cut");
            }
        }
    }

    @Test
    void aBadCopyWhoseMirrorIsOnAMissingDeviceIsAnError() throws Exception {
        SimArray a = new SimArray(13, Profile.RAID1, 2, 4, 64, Harness.IO);
        SimArray.Tree t = a.addTree("t", 2, 3, 5, 0, 0);
        a.missing.add(2L);
        long node = a.children(t.root()).get(0);
        StripeCopy onPresent = a.mirrors(node).stream().filter(c -> c.devid() == 1).findFirst().orElseThrow();
        a.badCopies.add(SimArray.copyKey(node, onPresent));
        Result r = run(a, t, Harness.config(Strategy.READA));
        assertEquals(1, r.control().errors());
        assertEquals(List.of(new BadCopy(node, 1, onPresent.physical(), "injected checksum mismatch on "
                + SimArray.copyKey(node, onPresent))), r.control().badCopyList());
        // the one bad copy tried: the error says just why, as without failover
        assertEquals("injected checksum mismatch on " + SimArray.copyKey(node, onPresent),
                r.control().errorList().get(0).reason());
        assertFalse(r.trace().submitsPerDevice().containsKey(2L), "nothing read on the missing device");
    }

    @Test
    void withoutFailoverTheFirstBadCopyCutsTheBranch() throws Exception {
        for (Strategy strategy : Strategy.values()) {
            SimArray a = new SimArray(14, Profile.RAID1, 2, 4, 64, Harness.IO);
            SimArray.Tree t = a.addTree("t", 3, 2, 5, 0, 0);
            List<BadCopy> spoiled = spoil(a, t, 4, 1);
            Result r = run(a, t, Harness.config(strategy).withFailover(false));
            Set<Long> spoiledBlocks = new HashSet<>();
            spoiled.forEach(b -> spoiledBlocks.add(b.logical()));
            Set<Long> read = new HashSet<>();
            r.trace().of(ReadaheadEvent.Complete.class).stream().filter(ReadaheadEvent.Complete::ok)
                    .forEach(c -> read.add(c.logical()));
            // a spoiled block is tried on one copy only; whether it fails depends on which device reads it
            for (ReadaheadEvent.Complete c : r.trace().of(ReadaheadEvent.Complete.class)) {
                assertTrue(c.ok() || spoiledBlocks.contains(c.logical()));
            }
            assertEquals(r.trace().submitted().size(), new HashSet<>(r.trace().submitted()).size(),
                    "no block read twice");
            assertEquals(r.control().errors(), r.control().badCopies(), "every bad copy cut a branch");
            r.control().errorList().forEach(err -> assertTrue(err.reason().startsWith("injected checksum"), err.reason()));
            assertEquals(r.control().errors(), r.trace().of(ReadaheadEvent.BadCopy.class).size());
            assertTrue(strategy == Strategy.READA || r.control().errors() > 0, "naive reads the first copy: "
                    + "some of those are spoiled");
        }
    }

    /**
     * Driven by hand (seeded completion order), since which copy of a block is read first depends
     * on which device picks its zone first: with threads, a run could read every spoiled block
     * from its good copy first and never meet two bad ones (it failed so in CI).
     */
    @Test
    void raid1c3WithTwoBadCopiesReadsTheThird() throws Exception {
        SimArray a = new SimArray(15, Profile.RAID1C3, 3, 3, 64, null);
        SimArray.Tree t = a.addTree("t", 3, 2, 5, 0, 0);
        List<BadCopy> spoiled = spoil(a, t, 2, 2);
        Result r = run(a, t, Harness.direct(Strategy.READA));
        assertEquals(t.blocks().size(), r.control().blocks());
        assertEquals(0, r.control().errors());
        Set<BadCopy> met = Set.copyOf(r.control().badCopyList());
        assertTrue(Set.copyOf(spoiled).containsAll(met), met.toString());
        // some block met both its bad copies before its good third one
        Set<Long> seen = new HashSet<>();
        assertTrue(met.stream().anyMatch(b -> !seen.add(b.logical())), "a block with two bad copies met: " + met);
        assertEquals(t.blocks().size() + met.size(), r.trace().submitted().size());
    }

    /** Cancel while the failover read of a block is in flight: the control finishes cancelled, nothing leaks. */
    @Test
    void cancelWhileAFailoverReadIsInFlight() throws Exception {
        for (Strategy strategy : Strategy.values()) {
            SimArray a = new SimArray(16, Profile.RAID1, 2, 4, 64, null);
            SimArray.Tree t = a.addTree("t", 3, 3, 5, 0, 0);
            spoil(a, t, 2, 1);
            Trace trace = new Trace();
            try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.direct(strategy))) {
                engine.addListener(trace);
                ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree("t", t.root(), t.rootGeneration()));
                boolean cancelled = false;
                while (a.completeOne()) {
                    if (!cancelled && failoverInFlight(trace)) {
                        rc.cancel();
                        cancelled = true;
                    }
                }
                assertTrue(cancelled, strategy.label() + ": a failover read was in flight at some point");
                assertTrue(rc.isDone());
                assertEquals(ControlStatus.CANCELLED, rc.progress().status());
                Harness.assertClean(engine, a);
                int cap = strategy == Strategy.NAIVE ? 1 : ReadaheadConfig.MAX_IN_FLIGHT;
                assertEquals(List.of(), trace.check(a, cap, true, strategy == Strategy.READA));
            }
        }
    }

    /**
     * The bookkeeping adds up whenever a listener looks, between the lock sections of a read's
     * completion too: a bad copy whose control was cancelled takes its extent out of the maps at
     * once, while the extent's other copies stay counted in their zones until its last reference
     * is put (a thousand randomized runs met this once in CI: "zone ... elems 1 != 0").
     */
    @Test
    void theBookkeepingAddsUpBetweenTheSectionsOfACancelledControlsBadRead() throws Exception {
        SimArray a = new SimArray(16, Profile.RAID1, 2, 4, 64, null);
        SimArray.Tree t = a.addTree("t", 3, 3, 5, 0, 0);
        for (long logical : t.blocks()) { // every copy on devid 1 but the root's: its reads fail over to devid 2
            a.mirrors(logical).stream().filter(c -> c.devid() == 1 && logical != t.root())
                    .forEach(c -> a.badCopies.add(SimArray.copyKey(logical, c)));
        }
        Trace trace = new Trace();
        List<String> problems = new ArrayList<>();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.direct(Strategy.READA))) {
            engine.addListener(trace);
            engine.addListener(event -> problems.addAll(engine.checkConsistency()));
            ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree("t", t.root(), t.rootGeneration()));
            boolean cancelled = false;
            while (a.completeOne()) {
                if (!cancelled && trace.submitted().size() > 1) { // the root's children are in flight
                    rc.cancel();
                    cancelled = true;
                }
            }
            assertTrue(cancelled && rc.isDone());
            assertTrue(trace.events().stream().anyMatch(e -> e instanceof ReadaheadEvent.Complete c && !c.ok()),
                    "a bad copy was read after the cancel");
            assertEquals(List.of(), problems.stream().distinct().toList());
            Harness.assertClean(engine, a);
        }
    }

    /** Whether the last submit read a block that had a bad copy, and has not completed yet. */
    private static boolean failoverInFlight(Trace trace) {
        Set<Long> bad = new HashSet<>();
        Set<Long> inFlight = new HashSet<>();
        Set<Long> failoverReads = new HashSet<>();
        for (ReadaheadEvent e : trace.events()) {
            switch (e) {
                case ReadaheadEvent.BadCopy b -> bad.add(b.logical());
                case Submit s -> {
                    inFlight.add(s.logical());
                    if (bad.contains(s.logical())) {
                        failoverReads.add(s.logical());
                    }
                }
                case ReadaheadEvent.Complete c -> {
                    inFlight.remove(c.logical());
                    failoverReads.remove(c.logical());
                }
                default -> {
                }
            }
        }
        return !failoverReads.isEmpty();
    }
}
