package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;

/** Test 1: a control reads exactly the blocks it must, each once. */
class ReadSetTest {

    static int devicesFor(Profile p) {
        return switch (p) {
            case SINGLE -> 3;
            case DUP -> 2;
            case RAID1 -> 3;
            case RAID10 -> 4;
            case RAID1C3 -> 4;
        };
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void fullRangeReadsEveryBlockOfTheTreeExactlyOnce(Profile profile) throws Exception {
        SimArray a = new SimArray(profile.ordinal() * 31 + 7, profile, devicesFor(profile), 4, 96, Harness.IO);
        SimArray.Tree tree = a.addTree("fs", 3, 3, 8, 0, 0);
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree("fs", tree.root(), tree.rootGeneration()));
            ControlSnapshot done = rc.waitFor();
            Harness.assertClean(engine, a);

            List<Long> submitted = trace.submitted();
            assertEquals(tree.blocks().size(), submitted.size(), "one read per block");
            assertEquals(tree.blocks(), new HashSet<>(submitted), "exactly the tree's blocks");
            assertEquals(tree.blocks(), trace.enqueued(rc.id()));
            assertEquals(ControlStatus.DONE, done.status());
            assertEquals(tree.blocks().size(), done.blocks());
            assertEquals((long) tree.blocks().size() * SimArray.NODESIZE, done.bytes());
            assertEquals(0, done.errors());
            assertEquals(0, done.generationSkips());
            assertEquals(0, done.elems());
            assertEquals(List.of(), trace.check(a, ReadaheadConfig.MAX_IN_FLIGHT, true, true));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })
    void keyRangeReadsExactlyTheBlocksWhoseSpanIntersectsIt(long seed) throws Exception {
        Profile profile = Profile.values()[(int) (seed % Profile.values().length)];
        SimArray a = new SimArray(seed, profile, devicesFor(profile), 3, 96, Harness.IO);
        SimArray.Tree tree = a.addTree("t", 3, 2, 7, 0.03, 0.03);
        Key k1 = a.randomKey(tree);
        Key k2 = a.randomKey(tree);
        Key start = k1.compareTo(k2) <= 0 ? k1 : k2;
        Key end = k1.compareTo(k2) <= 0 ? k2 : k1;
        if (seed % 4 == 0) {
            end = Key.MAX; // open-ended
        } else if (seed % 4 == 1) {
            start = Key.MIN;
        }
        Oracle.Expect expect = Oracle.expect(a, tree, start, end);
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(new ReadaheadRequest("t", tree.root(), tree.rootGeneration(), start, end));
            ControlSnapshot done = rc.waitFor();
            Harness.assertClean(engine, a);
            assertEquals(expect.reads(), trace.enqueued(rc.id()), "enqueued for [" + start + ", " + end + ")");
            assertEquals(expect.reads(), new HashSet<>(trace.submitted()), "read for [" + start + ", " + end + ")");
            // each block once — a failing one once per copy: failover tries them all
            assertEquals(expect.submits(), trace.submitted().size(), "each block once");
            assertEquals(expect.blocks(), done.blocks());
            assertEquals(expect.errors(), done.errors());
            assertEquals(expect.genSkips(), done.generationSkips());
            assertEquals(List.of(), trace.check(a, ReadaheadConfig.MAX_IN_FLIGHT, true, true));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { 101, 102, 103, 104, 105, 106 })
    void rangesInTheUpperHalfOfTheU64KeySpaceCompareUnsigned(long seed) throws Exception {
        SimArray a = new SimArray(seed, Profile.RAID1, 2, 3, 128, Harness.IO);
        SimArray.Tree tree = a.addTree("t", 3, 3, 6, 0, 0);
        // keys with objectid >= 2^63 are negative in Java; they must sort last
        Key start = new Key(Long.MIN_VALUE, 0, 0);
        Oracle.Expect upper = Oracle.expect(a, tree, start, Key.MAX);
        Oracle.Expect lower = Oracle.expect(a, tree, Key.MIN, start);
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            Trace trace = new Trace();
            engine.addListener(trace);
            ReadaheadControl up = engine.add(new ReadaheadRequest("upper", tree.root(), tree.rootGeneration(), start,
                    Key.MAX));
            ReadaheadControl low = engine.add(new ReadaheadRequest("lower", tree.root(), tree.rootGeneration(),
                    Key.MIN, start));
            Harness.awaitAll(engine, List.of(up, low));
            Harness.assertClean(engine, a);
            assertEquals(upper.reads(), trace.enqueued(up.id()));
            assertEquals(lower.reads(), trace.enqueued(low.id()));
            Set<Long> union = new HashSet<>(upper.reads());
            union.addAll(lower.reads());
            assertEquals(tree.blocks(), union, "the two halves cover the tree");
            assertTrue(upper.reads().size() < tree.blocks().size() || lower.reads().size() < tree.blocks().size());
        }
    }
}
