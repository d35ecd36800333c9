package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.fs.ByteRange;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.io.FilesystemTarget;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.os.HugePages;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.FaultyDevice;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Zone streaming ({@code --stream-zones}) on the kernel-written arrays: it changes how blocks are
 * read, never which — every control validates the blocks btrfs-progs dumps, with the same errors
 * and skips as without it — the machine's invariants hold (a streamed block's complete has no
 * submit, see {@code TraceInvariants.Invariant.STREAMED}), a bad copy in the stream is read again
 * per block from its mirror, and a stream whose buffer is full stops and leaves the rest to the
 * per-block reads.
 */
class ZoneStreamTest {

    private static final ReadaheadConfig STREAMING = Harness.config(Strategy.READA)
            .withCoalesceBytes(ReadaheadConfig.COALESCE_BYTES).withCoalesceGapBytes(ReadaheadConfig.COALESCE_GAP_BYTES)
            .withStreamZones(StreamZones.ON);
    /** Streaming with peers helping a slower mirror ({@code --stream-help}). */
    private static final ReadaheadConfig HELPING = STREAMING.withStreamHelp(true);

    @AfterAll
    static void closeAll() throws IOException {
        RealArray.closeShared();
    }

    @TestFactory
    Stream<DynamicTest> everyTreeAtOnceValidatesTheSameBlocksAsWithoutStreaming() {
        return RealArray.all().stream().map(a -> DynamicTest.dynamicTest(a.name(), () -> {
            RealArray r = RealArray.shared(a);
            List<ReadaheadRequest> requests = r.fs.treeRoots().stream().map(RealArray::whole).toList();
            RealArray.Outcome streamed = r.run(STREAMING, requests);
            RealArray.Outcome perBlock = r.run(STREAMING.withStreamZones(StreamZones.OFF), requests);
            assertSameResults(perBlock, streamed);
            for (int i = 0; i < requests.size(); i++) {
                TreeRoot root = r.fs.treeRoots().get(i);
                assertEquals(r.progsBlocks(root.id()).size(), streamed.controls.get(i).blocks(), root.name());
            }
            // as in RealArrayReadaheadTest: a block trees share may be read again later, never while in flight
            assertEquals(List.of(), streamed.violations(false));
            assertFalse(streamedBlocks(streamed).isEmpty(), "the stream served blocks");
            assertTrue(streamed.trace.submitted().size() < perBlock.trace.submitted().size(),
                    "fewer blocks read one by one: " + streamed.trace.submitted().size() + " of "
                            + perBlock.trace.submitted().size());
        }));
    }

    /**
     * {@link StreamZones#AUTO} streams a batch when the trees it reads whole hold {@link
     * ReadaheadConfig#streamDensity()} of the bytes the stream reads. The densities here come from
     * btrfs-progs (each tree's blocks as dump-tree lists them, the METADATA and SYSTEM chunks'
     * lengths less their large free ranges), not from the ROOT_ITEMs the engine reads: a threshold
     * just under a batch's density streams it, one just over does not, and key ranges count
     * nothing.
     */
    @Test
    void autoStreamsABatchWhoseWholeTreesAreDense() throws Exception {
        TestArray a = TestArrays.named("raid1-blake2-16k");
        RealArray r = RealArray.shared(a);
        ArrayTruth truth = ArrayTruth.of(a);
        // what the stream reads: the tree block groups less their free ranges of a read's length or
        // more (the free space tree's, which FreeSpaceTreeTest checks against btrfs-progs)
        double groups = truth.chunks().stream().filter(c -> !c.type().startsWith("DATA"))
                .mapToLong(c -> c.length() - r.fs.freeSpace(c.logical(), c.logical() + c.length()).orElseThrow()
                        .stream().mapToLong(ByteRange::length).filter(l -> l >= ZoneStream.READ_BYTES).sum())
                .sum();
        ToDoubleFunction<List<Long>> density = trees -> truth.trees().stream().filter(t -> trees.contains(t.id()))
                .mapToLong(t -> (long) t.blocks() * r.fs.nodesize()).sum() / groups;
        List<ReadaheadRequest> every = r.fs.treeRoots().stream().map(RealArray::whole).toList();
        List<Long> everyId = every.stream().map(ReadaheadRequest::tree).toList();
        ReadaheadConfig auto = STREAMING.withStreamZones(StreamZones.AUTO);

        RealArray.Outcome all = r.run(auto.withStreamDensity(density.applyAsDouble(everyId) * 0.99), every);
        assertSameResults(r.run(STREAMING.withStreamZones(StreamZones.OFF), every), all);
        assertFalse(streamedBlocks(all).isEmpty(), "every tree, just dense enough, streams");
        assertNoneStreamed(r.run(auto.withStreamDensity(density.applyAsDouble(everyId) * 1.01), every),
                "every tree, just too sparse");

        TreeRoot fs = r.root(ObjectIds.FS_TREE);
        double fsDensity = density.applyAsDouble(List.of(fs.id()));
        assertFalse(streamedBlocks(r.run(auto.withStreamDensity(fsDensity * 0.99), List.of(RealArray.whole(fs))))
                .isEmpty(), "the fs tree alone, just dense enough");
        assertNoneStreamed(r.run(auto.withStreamDensity(fsDensity * 1.01), List.of(RealArray.whole(fs))),
                "the fs tree alone, just too sparse");
        double everyDensity = density.applyAsDouble(everyId);
        assertEquals(everyDensity >= ReadaheadConfig.STREAM_DENSITY, !streamedBlocks(r.run(auto, every)).isEmpty(),
                "every tree at the default density: " + Math.round(everyDensity * 100) + " %");

        List<Key> keys = r.leafKeys(fs);
        List<ReadaheadRequest> fsRange = List.of(RealArray.request(fs, keys.get(keys.size() / 3), Key.MAX));
        assertNoneStreamed(r.run(auto.withStreamDensity(0), fsRange), "a key range counts nothing");
    }

    private static void assertNoneStreamed(RealArray.Outcome o, String what) {
        assertEquals(0, streamedBlocks(o).size(), what + ": blocks served from the stream");
    }

    /**
     * The stream skips the free ranges of a read's length or more (the free space tree's; {@code
     * FreeSpaceTreeTest} checks those against btrfs-progs): raid1-blake2-16k's tree block groups
     * are mostly free (179 MiB for 25 MB of blocks), and no stream read touches a skipped range,
     * while the same blocks are validated as without streaming.
     */
    @Test
    void theStreamSkipsLargeFreeRanges() throws Exception {
        RealArray r = RealArray.shared(TestArrays.named("raid1-blake2-16k"));
        List<ReadaheadRequest> every = r.fs.treeRoots().stream().map(RealArray::whole).toList();
        RealArray.Outcome o = r.run(STREAMING, every);
        assertSameResults(r.run(STREAMING.withStreamZones(StreamZones.OFF), every), o);
        List<long[]> skipped = new ArrayList<>(); // devid, physical start, end
        for (BlockGroup group : r.target.treeBlockGroups()) {
            for (ByteRange free : r.fs.freeSpace(group.start(), group.start() + group.length()).orElseThrow()) {
                if (free.length() >= ZoneStream.READ_BYTES) {
                    r.target.mirrors(free.start()).forEach(c -> skipped.add(
                            new long[] { c.devid(), c.physical(), c.physical() + free.length() }));
                }
            }
        }
        assertFalse(skipped.isEmpty(), "the array has large free ranges in its tree block groups");
        List<ReadaheadEvent.StreamRead> reads = o.trace.of(ReadaheadEvent.StreamRead.class);
        assertFalse(reads.isEmpty());
        for (ReadaheadEvent.StreamRead read : reads) {
            for (long[] free : skipped) {
                boolean overlaps = free[0] == read.dev() && read.physical() < free[2]
                        && free[1] < read.physical() + read.bytes();
                assertFalse(overlaps, () -> "stream read of devid " + read.dev() + " at " + read.physical() + " into free "
                                + free[1] + ".." + free[2]);
            }
        }
    }

    /**
     * A striped block group is cut among its copies in the bytes the stream reads: on the RAID10
     * array, whose metadata block groups are mostly free at their back, the plan gives every device
     * the same bytes within a stripe unit per block group. Cut by the groups' length, the copies
     * that read the groups' fronts got their used part and the others mostly free space to skip.
     * (The plan, not the run: in a run a device done early helps its mirror, which hides the cut.)
     */
    @Test
    void theCopiesOfAStripedGroupArePlannedLevelShares() throws Exception {
        RealArray r = RealArray.shared(TestArrays.named("raid10-xxhash-16k"));
        List<BlockGroup> striped = r.target.treeBlockGroups().stream().filter(g -> g.stripeUnit() > 0).toList();
        assertFalse(striped.isEmpty(), "the array stripes its metadata");
        ReadaMachine machine = new ReadaMachine(r.target, STREAMING);
        Map<Long, Long> planned = new TreeMap<>();
        try {
            machine.stream.plan(r.target.treeBlockGroups())
                    .forEach((dev, slots) -> planned.put(dev.devid, (long) slots.size() * r.fs.nodesize()));
        } finally {
            machine.close();
        }
        assertEquals(4, planned.size(), "every device streams: " + planned);
        long most = planned.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long least = planned.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long slack = striped.stream().mapToLong(BlockGroup::stripeUnit).sum();
        assertTrue(most - least <= slack, "bytes planned per devid " + planned + ", allowed difference " + slack);
    }

    /**
     * The plan follows {@link ShareOrder}: the first slot of every unstriped tree block group is
     * streamed by the copy the order puts first. On the committed arrays some groups lie back to
     * back on a device, so some orders differ from the mirror order (else this could not fail).
     */
    @Test
    void theFirstShareOfEveryGroupIsReadByTheCopyTheOrderPutsFirst() throws Exception {
        int reordered = 0;
        for (TestArray a : TestArrays.all()) {
            RealArray r = RealArray.shared(a);
            ReadaMachine machine = new ReadaMachine(r.target, STREAMING);
            try {
                Map<Long, Long> streamedBy = new TreeMap<>();
                machine.stream.plan(r.target.treeBlockGroups()).forEach((dev, slots) -> slots
                        .forEach(slot -> streamedBy.put(slot[1], dev.devid)));
                for (BlockGroup group : r.target.treeBlockGroups()) {
                    int[] order = machine.stream.shareOrder(group.start());
                    List<StripeCopy> copies = r.target.mirrors(group.start());
                    if (order == null || !streamedBy.containsKey(group.start()) || copies.size() != order.length) {
                        continue;
                    }
                    reordered += order[0] != 0 ? 1 : 0;
                    long[] cut = machine.stream.cut(group.start());
                    int front = 0;
                    while (cut[front + 1] == 0) {
                        front++; // a copy with no share (levelled away) leaves the front to the next
                    }
                    assertEquals(copies.get(order[front]).devid(), streamedBy.get(group.start()),
                            a.name() + " group " + group.start() + ", order " + Arrays.toString(order));
                }
            } finally {
                machine.close();
            }
        }
        assertTrue(reordered > 0, "no group read in another than the mirror order: the check cannot fail");
    }

    /** A key range does not start the stream: it reads as without it. */
    @Test
    void aKeyRangeAloneDoesNotStream() throws Exception {
        RealArray r = RealArray.shared(TestArrays.named("raid1-blake2-16k"));
        TreeRoot fs = r.root(ObjectIds.FS_TREE);
        List<Key> keys = r.leafKeys(fs);
        Key from = keys.get(keys.size() / 3);
        Key to = keys.get(2 * keys.size() / 3);
        RealArray.Outcome o = r.run(STREAMING, List.of(RealArray.request(fs, from, to)));
        assertEquals(r.walkedBlocks(fs, new KeyRange(from, to)), o.read());
        assertEquals(Set.of(), streamedBlocks(o));
        assertEquals(List.of(), o.violations(true));
    }

    /**
     * One copy of every block of the fs tree is corrupt on devid 1 (it reads fine and fails its
     * checksum). The stream reads devid 1's share of each block group from devid 1: those blocks
     * do not validate there and are read per block, failing over to their mirror. Every block is
     * validated, no control has an error, every bad copy is on devid 1, and nothing was written.
     */
    @Test
    void aBadCopyInTheStreamIsReadFromItsMirror() throws Exception {
        assertBadCopiesOnDevidOneAreReadFromTheirMirrors(TestArrays.named("raid1-blake2-16k"), STREAMING);
    }

    /** The check of {@link #aBadCopyInTheStreamIsReadFromItsMirror} with {@code config}; its run. */
    static RealArray.Outcome assertBadCopiesOnDevidOneAreReadFromTheirMirrors(TestArray a, ReadaheadConfig config)
            throws Exception {
        Map<Path, String> before = Hashes.sha256(a.unpackedImages());
        List<FaultyDevice> faulty = new ArrayList<>();
        RealArray.Outcome o;
        try (RealArray r = RealArray.openFaulty(a, faulty)) {
            TreeRoot fs = r.root(ObjectIds.FS_TREE);
            Set<Long> progs = r.progsBlocks(fs.id());
            r.children(0); // every tree walked now, before a copy is corrupt: the invariants' children
            FaultyDevice first = faulty.stream().filter(f -> f.devid() == 1).findFirst().orElseThrow();
            for (VisitedBlock b : r.fs.collect(fs, KeyRange.ALL).blocks()) {
                for (StripeCopy copy : r.target.mirrors(b.bytenr())) {
                    if (copy.devid() == 1) {
                        first.corrupt(copy.physical() + 100, 8);
                    }
                }
            }
            o = r.run(config, List.of(RealArray.whole(fs)));
            ControlSnapshot c = o.controls.get(0);
            assertEquals(progs, o.read());
            assertEquals(progs.size(), c.blocks());
            assertEquals(0, c.errors(), c.errorList().toString());
            assertTrue(c.badCopies() > 0, "the per-block reads met bad copies on devid 1");
            c.badCopyList().forEach(bad -> assertEquals(1, bad.devid(), bad.toString()));
            streamedOn(o).forEach(devid -> assertTrue(devid != 1, "a corrupt copy was never served"));
            assertFalse(streamedBlocks(o).isEmpty(), "the good copies were streamed");
            assertEquals(List.of(), o.violations(true));
        }
        assertEquals(before, Hashes.sha256(a.unpackedImages()), "images unchanged");
        return o;
    }

    /**
     * A slow device: its peers read their shares first and then the tail of its share from their
     * own copies, so that it is not left reading alone. The peers serve blocks that, with equal
     * devices, the slow one served, and every block is validated as without streaming.
     */
    @Test
    void aPeerThatHasReadItsShareReadsTheTailOfASlowDevicesShare() throws Exception {
        SlowDevidOne run = slowDevidOne(HELPING);
        Set<Long> byOthers = servedBy(run.slowed(), dev -> dev != 1);
        assertTrue(byOthers.containsAll(run.byOthersWhenEqual()) && byOthers.size() > run.byOthersWhenEqual().size(),
                "blocks the peers served: " + byOthers.size() + " with devid 1 slow, "
                        + run.byOthersWhenEqual().size() + " with equal devices");
        assertEquals(List.of(), run.slowed().violations(false));
    }

    /**
     * A fast peer helps slow devices wherever it holds copies of their unissued slots, not only at
     * their tails. On raid1-blake2-16k devids 1 and 3 (slowed) end their shares in the block group
     * they mirror for each other; devid 2 mirrors earlier block groups of both, and helps both.
     */
    @Test
    void aFastPeerHelpsWhereverItHoldsCopiesOfASlowDevicesSlots() throws Exception {
        TestArray a = TestArrays.named("raid1-blake2-16k");
        List<FaultyDevice> faulty = new ArrayList<>();
        try (RealArray r = RealArray.openFaulty(a, faulty)) {
            List<ReadaheadRequest> every = r.fs.treeRoots().stream().map(RealArray::whole).toList();
            RealArray.Outcome equal = r.run(STREAMING.withStreamHelp(false), every);
            RealArray.Outcome o = runSlowed(r, HELPING, every, faulty.stream().filter(f -> f.devid() != 2).toList());
            Set<Long> byTwo = servedBy(o, dev -> dev == 2);
            for (long devid : List.of(1L, 3L)) {
                Set<Long> share = servedBy(equal, dev -> dev == devid);
                share.retainAll(byTwo);
                assertFalse(share.isEmpty(), "devid 2 read none of devid " + devid + "'s share");
            }
            assertEquals(List.of(), o.violations(false));
        }
    }

    /**
     * Without help (the default; {@code --stream-help} turns it on) each device reads its own
     * share however slow it is: the peers serve the same blocks with devid 1 slowed as with equal
     * devices.
     */
    @Test
    void withoutHelpEachDeviceReadsItsOwnShareHoweverSlow() throws Exception {
        SlowDevidOne run = slowDevidOne(STREAMING.withStreamHelp(false));
        Set<Long> byOthers = servedBy(run.slowed(), dev -> dev != 1);
        assertTrue(byOthers.equals(run.byOthersWhenEqual()), "blocks the peers served: " + byOthers.size()
                + " with devid 1 slow, " + run.byOthersWhenEqual().size() + " with equal devices");
    }

    /** What devid 1's peers served with equal devices, and the run with devid 1 slowed. */
    private record SlowDevidOne(Set<Long> byOthersWhenEqual, RealArray.Outcome slowed) {
    }

    /**
     * Every tree of raid1-blake2-16k read by {@code config} twice, with equal devices and with
     * devid 1 slowed by 40 ms per read; the slowed run validated the blocks a run without
     * streaming validates.
     */
    private static SlowDevidOne slowDevidOne(ReadaheadConfig config) throws Exception {
        TestArray a = TestArrays.named("raid1-blake2-16k");
        List<FaultyDevice> faulty = new ArrayList<>();
        try (RealArray r = RealArray.openFaulty(a, faulty)) {
            List<ReadaheadRequest> every = r.fs.treeRoots().stream().map(RealArray::whole).toList();
            Set<Long> byOthersWhenEqual = servedBy(r.run(config, every), dev -> dev != 1);
            RealArray.Outcome slowed = runSlowed(r, config, every,
                    faulty.stream().filter(f -> f.devid() == 1).toList());
            assertSameResults(r.run(STREAMING.withStreamZones(StreamZones.OFF), every), slowed);
            return new SlowDevidOne(byOthersWhenEqual, slowed);
        }
    }

    /** A run with the {@code slow} devices answering 40 ms late. */
    private static RealArray.Outcome runSlowed(RealArray r, ReadaheadConfig config, List<ReadaheadRequest> every,
            List<FaultyDevice> slow) throws Exception {
        slow.forEach(f -> f.stallFor(Duration.ofMillis(40)));
        try {
            return r.run(config, every);
        } finally {
            slow.forEach(FaultyDevice::release);
        }
    }

    private static Set<Long> servedBy(RealArray.Outcome o, LongPredicate dev) {
        Set<Long> out = new HashSet<>();
        o.trace.of(ReadaheadEvent.Complete.class).stream().filter(c -> c.streamed() && dev.test(c.dev()))
                .forEach(c -> out.add(c.logical()));
        return out;
    }

    /**
     * Huge pages change where the stream's reads land, not what they read: the same blocks and
     * results into ordinary pages as into huge-page slots, which the I/O threads did take where
     * the kernel has huge pages.
     */
    @Test
    void theStreamReadsTheSameIntoHugePagesAsIntoOrdinaryPages() throws Exception {
        RealArray r = RealArray.shared(TestArrays.named("raid1-blake2-16k"));
        TreeRoot fs = r.root(ObjectIds.FS_TREE);
        RealArray.Outcome[] outcomes = new RealArray.Outcome[2];
        for (boolean huge : new boolean[] { true, false }) {
            try (FilesystemTarget target = new FilesystemTarget(r.fs, ReadaheadConfig.MAX_IN_FLIGHT, IoModel.NONE,
                    false, ReadaheadConfig.READ_TIMEOUT, false, huge)) {
                RealArray.Outcome o = r.run(target, STREAMING.withHugePages(huge), List.of(RealArray.whole(fs)));
                assertEquals(r.progsBlocks(fs.id()), o.read());
                assertTrue(streamedBlocks(o).size() > r.progsBlocks(fs.id()).size() / 2, "streamed");
                boolean hugeHere = huge && HugePages.unavailable() == null;
                assertEquals(hugeHere, target.hugePageSlots() > 0, "slots taken: " + target.hugePageSlots());
                outcomes[huge ? 0 : 1] = o;
            }
        }
        assertSameResults(outcomes[0], outcomes[1]);
    }

    /**
     * A device that stops answering while it streams: its reads time out, from then on every read
     * of it fails at once (the stream's too), and the run ends by the timeout with every block
     * read from the other mirror.
     */
    @Test
    void aStalledDeviceEndsTheStreamByTheReadTimeout() throws Exception {
        TestArray a = TestArrays.named("raid1-blake2-16k");
        List<FaultyDevice> faulty = new ArrayList<>();
        try (RealArray r = RealArray.openFaulty(a, faulty)) {
            TreeRoot fs = r.root(ObjectIds.FS_TREE);
            FaultyDevice stalled = faulty.get(1);
            stalled.stall();
            FilesystemTarget target = new FilesystemTarget(r.fs, ReadaheadConfig.MAX_IN_FLIGHT, IoModel.NONE, false,
                    Duration.ofMillis(500));
            long start = System.nanoTime();
            try {
                RealArray.Outcome o = r.run(target, STREAMING, List.of(RealArray.whole(fs)));
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "ended by the timeout");
                assertEquals(r.progsBlocks(fs.id()), o.read());
                assertEquals(List.of(), o.controls.get(0).errorList());
            } finally {
                stalled.release();
                target.close();
            }
        }
    }

    /**
     * A batch whose first control finishes before the next is added (its root cannot be read):
     * the stream goes on, since more controls are on their way, and serves the next tree. The
     * adding thread is held after the first control's finish (delivered to a listener on that
     * thread) until the stream has answered reads: before the fix the first of them stopped the
     * stream, "no control running", and the fs tree was read per block (seen in about one
     * all-trees run in eight on the benchmark's largest array, then 5-7 times as long).
     */
    @Test
    void aControlFinishedWhileTheBatchIsAddedDoesNotStopTheStream() throws Exception {
        RealArray r = RealArray.shared(TestArrays.named("raid1-blake2-16k"));
        TreeRoot fs = r.root(ObjectIds.FS_TREE);
        ReadaheadRequest unreadable = new ReadaheadRequest("unmapped root", r.fs.nodesize(), fs.generation(),
                fs.level(), Key.MIN, Key.MAX, fs.id(), Following.NONE);
        Thread adder = Thread.currentThread();
        AtomicBoolean held = new AtomicBoolean();
        ReadaheadListener holdAdder = e -> {
            boolean onAdder = Thread.currentThread() == adder;
            if (e instanceof ReadaheadEvent.Finish && onAdder && held.compareAndSet(false, true)) {
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos()); // the stream answers reads meanwhile
            }
        };
        ReadaheadConfig auto = STREAMING.withStreamZones(StreamZones.AUTO).withStreamDensity(0);
        RealArray.Outcome o = r.run(r.target, auto, List.of(unreadable, RealArray.whole(fs)), List.of(holdAdder));
        assumeTrue(held.get(), "the first control's finish was delivered on another thread: the race was not set up");
        assertEquals(1, o.controls.get(0).errors(), "the unmapped root");
        assertEquals(r.progsBlocks(fs.id()), o.read());
        Set<Long> streamed = streamedBlocks(o);
        assertTrue(streamed.size() > r.progsBlocks(fs.id()).size() / 2,
                "the fs tree served from the stream: " + streamed.size() + " of " + r.progsBlocks(fs.id()).size());
    }

    /** A buffer too small for one node: the stream stops at once and the rest is read per block. */
    @Test
    void aFullBufferStopsTheStreamAndTheRestIsReadPerBlock() throws Exception {
        RealArray r = RealArray.shared(TestArrays.named("raid10-xxhash-16k"));
        List<ReadaheadRequest> requests = r.fs.treeRoots().stream().map(RealArray::whole).toList();
        RealArray.Outcome bounded = r.run(STREAMING.withStreamBufferBytes(1), requests);
        RealArray.Outcome perBlock = r.run(STREAMING.withStreamZones(StreamZones.OFF), requests);
        assertSameResults(perBlock, bounded);
        assertEquals(List.of(), bounded.violations(false));
        RealArray.Outcome unbounded = r.run(STREAMING, requests);
        assertTrue(streamedBlocks(bounded).size() < streamedBlocks(unbounded).size(),
                streamedBlocks(bounded).size() + " blocks streamed with a full buffer, "
                        + streamedBlocks(unbounded).size() + " without");
    }

    /** Per control: the blocks validated, the errors (block and reason), the generation skips. */
    static void assertSameResults(RealArray.Outcome expected, RealArray.Outcome actual) {
        assertEquals(expected.read(), actual.read());
        assertEquals(expected.controls.size(), actual.controls.size());
        for (int i = 0; i < expected.controls.size(); i++) {
            ControlSnapshot e = expected.controls.get(i);
            ControlSnapshot a = actual.controls.get(i);
            assertEquals(e.blocks(), a.blocks(), e.label());
            assertEquals(e.generationSkips(), a.generationSkips(), e.label());
            assertEquals(errors(e), errors(a), e.label());
        }
    }

    private static Set<String> errors(ControlSnapshot c) {
        Set<String> out = new HashSet<>();
        c.errorList().forEach(e -> out.add(e.logical() + ": " + e.reason()));
        return out;
    }

    private static Set<Long> streamedBlocks(RealArray.Outcome o) {
        Set<Long> out = new HashSet<>();
        o.trace.of(ReadaheadEvent.Complete.class).stream().filter(ReadaheadEvent.Complete::streamed)
                .forEach(c -> out.add(c.logical()));
        return out;
    }

    private static Set<Long> streamedOn(RealArray.Outcome o) {
        Set<Long> out = new HashSet<>();
        o.trace.of(ReadaheadEvent.Complete.class).stream().filter(ReadaheadEvent.Complete::streamed)
                .forEach(c -> out.add(c.dev()));
        return out;
    }
}
