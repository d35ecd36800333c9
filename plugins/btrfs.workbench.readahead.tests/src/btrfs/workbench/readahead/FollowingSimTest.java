package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.event.ReadaheadEvent.Complete;
import btrfs.workbench.readahead.state.FollowProgress;

/**
 * Leaf following and generation restarts (beyond v4.19) on simulated arrays, where the shape of
 * every tree is known: a "root tree" leaf names trees (one a snapshot sharing all blocks but its
 * root with another), and a tree is rewritten (copy on write) after the run's parent pointers
 * were taken.
 */
class FollowingSimTest {

    private static final Following LEAVES = new Following(true, false);
    private static final Following RESTARTS = new Following(false, true);

    /** A root-tree leaf naming three trees, one a snapshot of another. */
    private record Linked(SimArray array, SimArray.Tree rootTree, SimArray.Tree tree, SimArray.Tree snapshot,
            SimArray.Tree other) {

        Set<Long> all() {
            Set<Long> out = new HashSet<>(rootTree.blocks());
            out.addAll(tree.blocks());
            out.addAll(snapshot.blocks());
            out.addAll(other.blocks());
            return out;
        }
    }

    private static Linked linked(long seed, Profile profile, int devices, Executor io) {
        SimArray a = new SimArray(seed, profile, devices, 4, 64, io);
        SimArray.Tree tree = a.addTree("tree", 2, 3, 6, 0, 0);
        SimArray.Tree snapshot = a.snapshotOf("snapshot", tree);
        SimArray.Tree other = a.addTree("other", 1, 2, 5, 0, 0);
        SimArray.Tree rootTree = a.addTree("root", 0, 1, 1, 0, 0);
        a.linkLeaf(rootTree.root(), List.of(a.rootLink(256, tree), a.rootLink(257, snapshot), a.rootLink(258, other)));
        return new Linked(a, rootTree, tree, snapshot, other);
    }

    private static ReadaheadRequest whole(SimArray.Tree t, long id, Following following) {
        return ReadaheadRequest.wholeTree(t.name(), t.root(), t.rootGeneration()).following(id, following);
    }

    /** A control run alone on a fresh engine whose reads are answered at once, to its end. */
    private record Alone(ReadaheadControl control, Trace trace) {
        Set<Long> read() {
            return FollowingSimTest.read(trace);
        }
    }

    private static Alone runAlone(SimArray a, ReadaheadRequest request) throws Exception {
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.direct(Strategy.READA))) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(request);
            Harness.drive(a);
            Harness.assertClean(engine, a);
            return new Alone(rc, trace);
        }
    }

    private static Set<Long> read(Trace trace) {
        Set<Long> out = new HashSet<>();
        trace.of(Complete.class).stream().filter(Complete::ok).forEach(c -> out.add(c.logical()));
        return out;
    }

    @Test
    void followingARootLeafReadsEveryTreeItNamesEachBlockOnce() throws Exception {
        for (long seed = 1; seed <= 12; seed++) {
            Profile profile = Profile.values()[(int) (seed % Profile.values().length)];
            Linked l = linked(seed, profile, 4, null);
            Alone run = runAlone(l.array(), whole(l.rootTree(), 1, LEAVES));
            ReadaheadControl rc = run.control();
            assertTrue(rc.isDone(), "seed " + seed);
            assertEquals(l.all(), run.read(), "seed " + seed);
            assertEquals(List.of(), run.trace().check(l.array(), ReadaheadConfig.MAX_IN_FLIGHT, true, true),
                    "seed " + seed + ": every block submitted once");
            FollowProgress f = rc.following();
            assertEquals(3, f.links(), "seed " + seed);
            // the snapshot's root points at the tree's children: each arrives twice, is read once
            assertEquals(l.array().children(l.tree().root()).size(), f.shared(), "seed " + seed);
            assertEquals(l.all().size(), rc.progress().blocks(), "seed " + seed);
        }
    }

    @Test
    void withoutFollowingTheLeafIsAllThatIsRead() throws Exception {
        Linked l = linked(3, Profile.RAID1, 2, null);
        Alone run = runAlone(l.array(), whole(l.rootTree(), 1, Following.NONE));
        assertEquals(l.rootTree().blocks(), run.read());
        assertEquals(FollowProgress.NONE, run.control().following());
    }

    @Test
    void followingWithReadsCompletingOnIoThreadsAndTwoControls() throws Exception {
        for (long seed = 20; seed < 26; seed++) {
            Linked l = linked(seed, Profile.RAID10, 4, Harness.IO);
            Trace trace = new Trace();
            try (ReadaheadEngine engine = new ReadaheadEngine(l.array(), Harness.config(Strategy.READA))) {
                engine.addListener(trace);
                // one run: both controls are added before any read completes (a following control
                // added when none runs any more starts a new run, which reads afresh)
                l.array().hold = true;
                ReadaheadControl a = engine.add(whole(l.rootTree(), 1, LEAVES));
                ReadaheadControl b = engine.add(whole(l.snapshot(), 257, LEAVES));
                l.array().release();
                Harness.awaitAll(engine, List.of(a, b));
                Harness.assertClean(engine, l.array());
                assertEquals(l.all(), read(trace), "seed " + seed);
                assertEquals(List.of(), trace.check(l.array(), ReadaheadConfig.MAX_IN_FLIGHT, true, true),
                        "seed " + seed + ": a block reached by both controls is read once");
            }
        }
    }

    /**
     * A tree whose stale pointers stand for blocks rewritten after their parent was read: with
     * restarts, the key span of each such block is read again from the tree's current root (here
     * the whole tree rewritten, copy on write), exactly the path down to the block's new copy and
     * everything below it.
     */
    @Test
    void restartsReadTheChangedSpansFromTheCurrentRoot() throws Exception {
        int withStale = 0;
        for (long seed = 1; seed <= 12; seed++) {
            SimArray a = new SimArray(seed, Profile.RAID1, 3, 4, 128, null);
            SimArray.Tree t = a.addTree("t", 3, 2, 4, 0.15, 0);
            Map<Long, Long> moved = a.rewrite("t-now", t);
            a.currentRoots.put(256L, a.rootLink(256, a.trees.get(a.trees.size() - 1)));
            Set<Long> expected = new HashSet<>();
            List<Long> reachedStale = new ArrayList<>();
            Map<Long, Long> parent = reach(a, t.root(), expected, reachedStale);
            for (long s : reachedStale) {
                for (Long up = s; up != null; up = parent.get(up)) {
                    expected.add(moved.get(up));
                }
                subtree(a, s).forEach(b -> expected.add(moved.get(b)));
            }
            Alone run = runAlone(a, whole(t, 256, RESTARTS));
            ReadaheadControl rc = run.control();
            assertTrue(rc.isDone(), "seed " + seed);
            assertEquals(expected, run.read(), "seed " + seed);
            assertEquals(reachedStale.size(), rc.following().restarts(), "seed " + seed);
            assertEquals(reachedStale.size(), rc.progress().generationSkips(), "seed " + seed);
            assertEquals(0, rc.progress().errors(), "seed " + seed);
            withStale += reachedStale.isEmpty() ? 0 : 1;
        }
        assertTrue(withStale >= 6, "most seeds have stale pointers: " + withStale);
    }

    /** Without restarts the same tree loses the spans below its stale pointers. */
    @Test
    void withoutRestartsTheStaleBranchesAreCut() throws Exception {
        SimArray a = new SimArray(4, Profile.RAID1, 3, 4, 128, null);
        SimArray.Tree t = a.addTree("t", 3, 2, 4, 0.15, 0);
        a.rewrite("t-now", t);
        a.currentRoots.put(256L, a.rootLink(256, a.trees.get(a.trees.size() - 1)));
        Set<Long> expected = new HashSet<>();
        List<Long> reachedStale = new ArrayList<>();
        reach(a, t.root(), expected, reachedStale);
        assertTrue(!reachedStale.isEmpty(), "the tree has stale pointers");
        Alone run = runAlone(a, whole(t, 256, Following.NONE));
        assertEquals(expected, run.read());
        assertEquals(0, run.control().following().restarts());
    }

    /**
     * A live (mounted) filesystem: a node freed and reused as another tree's leaf, and a block
     * caught while being written, are changes during the run — counted, not descended into, no
     * error. On an image the reused node is damage: a level error.
     */
    @Test
    void onALiveFilesystemRewrittenBlocksAreChangesNotErrors() throws Exception {
        for (boolean live : new boolean[] { true, false }) {
            SimArray a = new SimArray(8, Profile.RAID1, 2, 4, 128, null);
            SimArray.Tree t = a.addTree("t", 3, 3, 4, 0, 0);
            List<Long> level1 = new ArrayList<>(a.children(t.root()));
            long reused = a.children(level1.get(0)).get(0); // a level-1 node
            long tornLeaf = a.children(a.children(level1.get(1)).get(0)).get(0);
            Set<Long> expected = new HashSet<>(t.blocks());
            expected.removeAll(subtree(a, reused));
            expected.add(reused); // read, then not descended
            a.reuse(reused, t.rootGeneration() + 40);
            a.torn.add(tornLeaf);
            a.live = live;
            Alone run = runAlone(a, whole(t, 256, Following.NONE));
            ReadaheadControl rc = run.control();
            assertEquals(expected, run.read(), "live " + live);
            if (live) {
                assertEquals(0, rc.progress().errors(), rc.progress().errorList().toString());
                assertEquals(2, rc.following().changed());
                assertEquals(2, rc.progress().generationSkips());
            } else {
                assertEquals(1, rc.progress().errors(), "the reused node is a level error on an image");
                assertTrue(rc.progress().errorList().get(0).reason().contains("level"));
            }
        }
    }

    /**
     * The blocks a readahead of {@code root} reads when stale blocks are read but not descended
     * into; the stale ones reached; every reached block's parent.
     */
    private static Map<Long, Long> reach(SimArray a, long root, Set<Long> reached, List<Long> stale) {
        Map<Long, Long> parent = new HashMap<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            long b = todo.pop();
            reached.add(b);
            if (a.stale.contains(b)) {
                stale.add(b);
                continue;
            }
            for (long child : a.children(b)) {
                parent.put(child, b);
                todo.push(child);
            }
        }
        return parent;
    }

    private static Set<Long> subtree(SimArray a, long top) {
        Set<Long> out = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(top));
        while (!todo.isEmpty()) {
            long b = todo.pop();
            out.add(b);
            a.children(b).forEach(todo::push);
        }
        return out;
    }
}
