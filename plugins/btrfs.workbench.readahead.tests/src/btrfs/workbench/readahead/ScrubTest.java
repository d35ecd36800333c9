package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.BadCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TraceInvariants;

/** Scrub mode: every copy of every block read once, by its own device; bad and differing copies reported. */
class ScrubTest {

    @AfterAll
    static void closeAll() throws IOException {
        RealArray.closeShared();
    }

    /** Every copy of the blocks on a present device, "logical@devid:physical", each to be read once. */
    private static Map<String, Long> everyCopyOnce(Set<Long> blocks, java.util.function.LongFunction<List<StripeCopy>> mirrors,
            Set<Long> missing) {
        Map<String, Long> out = new HashMap<>();
        for (long logical : blocks) {
            for (StripeCopy c : mirrors.apply(logical)) {
                if (!missing.contains(c.devid())) {
                    out.put(logical + "@" + c.devid() + ":" + c.physical(), 1L);
                }
            }
        }
        return out;
    }

    private static ControlSnapshot scrub(SimArray a, SimArray.Tree t, ReadaheadConfig config, Trace trace)
            throws Exception {
        try (ReadaheadEngine engine = new ReadaheadEngine(a, config.withScrub(true))) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree(t.name(), t.root(), t.rootGeneration()));
            Harness.awaitAll(engine, List.of(rc));
            Harness.assertClean(engine, a);
            assertEquals(List.of(), trace.checkScrub(a, config.maxInFlightPerDevice()));
            return rc.progress();
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyCopyOfEveryBlockIsReadOnceByItsOwnDevice(Profile profile) throws Exception {
        for (int coalesce : new int[] { 0, 8 * SimArray.NODESIZE }) {
            SimArray a = new SimArray(21, profile, ReadSetTest.devicesFor(profile), 4, 64, Harness.IO);
            SimArray.Tree t = a.addTree("t", 3, 2, 6, 0, 0);
            Trace trace = new Trace();
            ControlSnapshot c = scrub(a, t, Harness.config(Strategy.READA).withCoalesceBytes(coalesce), trace);
            assertEquals(t.blocks().size(), c.blocks(), "each block counts once");
            assertEquals(0, c.errors());
            assertEquals(0, c.badCopies(), c.badCopyList().toString());
            assertEquals(everyCopyOnce(t.blocks(), a::mirrors, Set.of()), trace.copiesSubmitted());
        }
    }

    static List<Long> seeds() {
        return java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList();
    }

    /**
     * Concurrency: copies of one block complete on different threads, some inside the read call;
     * each control must still get every block of its tree (a control served by one copy must not
     * finish while another copy's completion releases the records).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("seeds")
    void concurrentCompletionsOfOneBlocksCopiesLoseNoChild(long seed) throws Exception {
        Profile profile = seed % 2 == 0 ? Profile.RAID1C3 : Profile.RAID1;
        SimArray a = new SimArray(seed, profile, ReadSetTest.devicesFor(profile), 3, 64, Harness.IO);
        a.syncProbability = seed % 3 == 0 ? 0.5 : 0;
        SimArray.Tree t = a.addTree("t", 3, 2, 6, 0.05, 0.03);
        Trace trace = new Trace();
        ControlSnapshot c = scrub(a, t, Harness.config(Strategy.READA), trace);
        Oracle.Expect e = Oracle.expect(a, t, btrfs.workbench.metadata.key.Key.MIN,
                btrfs.workbench.metadata.key.Key.MAX);
        assertEquals(e.reads(), trace.enqueued(c.id()));
        assertEquals(e.blocks(), c.blocks());
        assertEquals(e.errors(), c.errors());
        assertEquals(e.genSkips(), c.generationSkips());
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = { "DUP", "RAID1", "RAID10", "RAID1C3" })
    void aBadCopyAndAStaleCopyAreReportedAndTheBlockIsStillRead(Profile profile) throws Exception {
        SimArray a = new SimArray(22, profile, ReadSetTest.devicesFor(profile), 4, 64, Harness.IO);
        SimArray.Tree t = a.addTree("t", 3, 2, 5, 0, 0);
        List<Long> blocks = List.copyOf(t.blocks());
        long failing = blocks.get(3);
        long stale = blocks.get(7);
        StripeCopy bad = a.mirrors(failing).get(1);
        StripeCopy differing = a.mirrors(stale).get(1);
        a.badCopies.add(SimArray.copyKey(failing, bad));
        a.differingCopies.add(SimArray.copyKey(stale, differing));
        Trace trace = new Trace();
        ControlSnapshot c = scrub(a, t, Harness.config(Strategy.READA), trace);
        assertEquals(t.blocks().size(), c.blocks());
        assertEquals(0, c.errors(), c.errorList().toString());
        assertEquals(2, c.badCopies(), c.badCopyList().toString());
        BadCopy first = c.badCopyList().stream().filter(b -> b.logical() == failing).findFirst().orElseThrow();
        assertEquals(new BadCopy(failing, bad.devid(), bad.physical(), "injected checksum mismatch on "
                + SimArray.copyKey(failing, bad)), first);
        BadCopy second = c.badCopyList().stream().filter(b -> b.logical() == stale).findFirst().orElseThrow();
        assertEquals(differing.devid(), second.devid());
        assertEquals(differing.physical(), second.physical());
        StripeCopy reference = a.mirrors(stale).get(0);
        assertEquals("bytes differ from the copy on devid " + reference.devid() + " at " + reference.physical(),
                second.reason());
        assertEquals(everyCopyOnce(t.blocks(), a::mirrors, Set.of()), trace.copiesSubmitted());
    }

    @Test
    void copiesOnAMissingDeviceAreNotReadAndNotBad() throws Exception {
        SimArray a = new SimArray(23, Profile.RAID1, 3, 4, 64, Harness.IO);
        SimArray.Tree t = a.addTree("t", 3, 2, 5, 0, 0);
        a.missing.add(2L);
        Trace trace = new Trace();
        ControlSnapshot c = scrub(a, t, Harness.config(Strategy.READA), trace);
        assertEquals(t.blocks().size(), c.blocks());
        assertEquals(0, c.badCopies());
        assertEquals(everyCopyOnce(t.blocks(), a::mirrors, Set.of(2L)), trace.copiesSubmitted());
        assertFalse(trace.submitsPerDevice().containsKey(2L));
    }

    @Test
    void everyCopyBadIsAnErrorWithEveryReason() throws Exception {
        SimArray a = new SimArray(24, Profile.RAID1, 2, 4, 64, Harness.IO);
        SimArray.Tree t = a.addTree("t", 2, 3, 5, 0, 0);
        long node = a.children(t.root()).get(0);
        a.mirrors(node).forEach(m -> a.badCopies.add(SimArray.copyKey(node, m)));
        Trace trace = new Trace();
        ControlSnapshot c = scrub(a, t, Harness.config(Strategy.READA), trace);
        assertEquals(1, c.errors());
        assertEquals(2, c.badCopies());
        assertTrue(c.errorList().get(0).reason().startsWith("no copy could be read: "), c.errorList().toString());
        for (long child : a.children(node)) {
            assertFalse(trace.submitted().contains(child), "the branch below is cut");
        }
    }

    /** Two controls share a snapshot's blocks: each descends once, every copy is still checked. */
    @Test
    void sharedBlocksAreScrubbedForEveryControl() throws Exception {
        SimArray a = new SimArray(25, Profile.RAID1, 3, 4, 64, Harness.IO);
        SimArray.Tree t = a.addTree("t", 3, 2, 5, 0, 0);
        SimArray.Tree s = a.snapshotOf("s", t);
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA).withScrub(true))) {
            engine.addListener(trace);
            ReadaheadControl one = engine.add(ReadaheadRequest.wholeTree("t", t.root(), t.rootGeneration()));
            ReadaheadControl two = engine.add(ReadaheadRequest.wholeTree("s", s.root(), s.rootGeneration()));
            Harness.awaitAll(engine, List.of(one, two));
            Harness.assertClean(engine, a);
            assertEquals(t.blocks().size(), one.progress().blocks());
            assertEquals(s.blocks().size(), two.progress().blocks());
            // shared blocks may be scrubbed again for a control that came after they were done
            assertEquals(List.of(), TraceInvariants.check(trace.events(), a::mirrors, a::children,
                    ReadaheadConfig.MAX_IN_FLIGHT, false, true, true));
            for (String copy : everyCopyOnce(t.blocks(), a::mirrors, Set.of()).keySet()) {
                assertTrue(trace.copiesSubmitted().containsKey(copy), copy);
            }
        }
    }

    /** Every multi-copy committed array, every tree: no bad copy, every copy of every block read exactly once. */
    @TestFactory
    Stream<DynamicTest> committedArraysHaveNoBadCopyAndEveryCopyIsReadOnce() {
        return RealArray.all().stream().filter(ScrubTest::multiCopy)
                .flatMap(a -> ArrayTruth.of(a).trees().stream().map(t -> DynamicTest.dynamicTest(a.name() + " "
                        + t.name(), () -> {
                            RealArray r = RealArray.shared(a);
                            TreeRoot root = r.root(t.id());
                            RealArray.Outcome o = r.run(Harness.config(Strategy.READA).withScrub(true),
                                    List.of(RealArray.whole(root)));
                            Set<Long> progs = r.progsBlocks(root.id());
                            ControlSnapshot c = o.controls.get(0);
                            assertEquals(progs.size(), c.blocks());
                            assertEquals(0, c.errors(), c.errorList().toString());
                            assertEquals(0, c.badCopies(), c.badCopyList().toString());
                            assertEquals(List.of(), o.scrubViolations());
                            Map<String, Long> expected = everyCopyOnce(progs, r.target::mirrors, Set.of());
                            assertTrue(expected.size() >= 2 * progs.size(), "every block has two copies or more");
                            assertEquals(expected, o.trace.copiesSubmitted());
                        })));
    }

    /** Arrays whose metadata has more than one copy of each block (DUP, RAID1, RAID1C3, RAID10 ...). */
    private static boolean multiCopy(TestArray a) {
        RealArray r = RealArray.shared(a);
        long root = r.root(btrfs.workbench.metadata.key.ObjectIds.ROOT_TREE).bytenr();
        return r.target.mirrors(root).size() > 1;
    }
}
