package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.io.FilesystemTarget;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.BadCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;
import btrfs.workbench.readahead.state.ReadError;
import btrfs.workbench.testsupport.FaultyDevice;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TestDevice;

/**
 * Failing disks under kernel-written arrays, injected at the positional reader every read goes
 * through ({@link FaultyDevice}): reads that fail every so often, a device that vanishes mid-run,
 * a device that stops answering. Each run must end and report exactly the blocks whose reads
 * failed — compared with the injector's own log of failed reads — and read everything else the
 * tree still reaches; the images are unchanged.
 * <p>
 * Written for the kernel's cut-branch behaviour and for mirror failover alike: a block is lost
 * when some read of it failed and none succeeded, and the blocks read are exactly those the
 * roots reach without passing a lost block. Without failover every failed read loses its block;
 * with it, a block is lost only when its other copies failed too.
 */
class FaultInjectionTest {

    private static final String RAID1 = "raid1-blake2-16k";
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);

    private final List<FaultyDevice> faulty = new ArrayList<>();
    private RealArray array;
    private Map<Path, String> hashes;

    private RealArray open(String name) throws IOException {
        TestArray a = TestArrays.named(name);
        hashes = Hashes.sha256(a.unpackedImages());
        array = RealArray.openFaulty(a, faulty);
        array.children(0); // every tree walked now, before a fault is armed: the log holds the runs' reads only
        return array;
    }

    @AfterEach
    void closeAndCheckNothingWasWritten() throws IOException {
        faulty.forEach(FaultyDevice::release);
        if (array != null) {
            array.close();
            assertEquals(hashes, Hashes.sha256(array.array.unpackedImages()), "images unchanged");
            for (TestDevice d : array.array.devices()) {
                assertEquals(d.sha256(), hashes.get(array.array.unpackedImages().get(d.index() - 1)));
            }
        }
    }

    private List<ReadaheadRequest> wholeTrees(long... ids) {
        List<ReadaheadRequest> out = new ArrayList<>();
        for (long id : ids) {
            out.add(RealArray.whole(array.root(id)));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void everySeventhReadFailsAndExactlyThoseBlocksAreLost(Strategy strategy) throws Exception {
        open(RAID1);
        List<ReadaheadRequest> requests = wholeTrees(ObjectIds.FS_TREE, ObjectIds.EXTENT_TREE);
        faulty.forEach(f -> f.failEvery(7));
        RealArray.Outcome o = array.run(strategy, requests);
        Map<Long, Set<Long>> failed = failedBlocks(); // block -> devids of its failed reads
        assertFalse(failed.isEmpty(), "some reads failed");
        assertExact(o, requests, failed, "Input/output error (injected: every 7th read of devid ");
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void aDeviceThatVanishesMidRunLosesExactlyTheBlocksReadFromItAfterwards(Strategy strategy) throws Exception {
        open(RAID1);
        List<ReadaheadRequest> requests = wholeTrees(ObjectIds.FS_TREE, ObjectIds.EXTENT_TREE);
        FaultyDevice gone = busiest(requests);
        long opening = gone.reads();
        gone.vanishAfter(5);
        RealArray.Outcome o = array.run(strategy, requests);
        Map<Long, Set<Long>> failed = failedBlocks();
        assertFalse(failed.isEmpty(), "reads of the vanished device failed");
        failed.values().forEach(devids -> assertEquals(Set.of(gone.devid()), devids));
        assertExact(o, requests, failed, "No such device (injected: devid " + gone.devid() + " vanished)");
        assertEquals(5 + failed.size(), gone.reads() - opening, "5 good reads, then only failures");
        assertTrue(lostBlocks(o).isEmpty(), "every block has a copy on another device: failover reads it there");
    }

    /** The device holding the first copy of most of the requests' blocks: the naive walk reads that copy. */
    private FaultyDevice busiest(List<ReadaheadRequest> requests) {
        Map<Long, Integer> firstCopies = new HashMap<>();
        for (long block : reachableAvoiding(requests, Set.of())) {
            firstCopies.merge(array.target.mirrors(block).get(0).devid(), 1, Integer::sum);
        }
        long devid = firstCopies.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return faulty.stream().filter(f -> f.devid() == devid).findFirst().orElseThrow();
    }

    /**
     * A device that stops answering: its reads time out, later ones fail at once, the run ends
     * within a few timeouts with the blocks of that device lost, the engine holds nothing, and
     * once the device answers again every I/O thread ends.
     */
    @Test
    void aStalledDeviceEndsTheRunByTheReadTimeout() throws Exception {
        open(RAID1);
        List<ReadaheadRequest> requests = wholeTrees(ObjectIds.FS_TREE);
        FaultyDevice stalled = faulty.get(1);
        stalled.stall();
        FilesystemTarget target = new FilesystemTarget(array.fs, ReadaheadConfig.MAX_IN_FLIGHT, IoModel.NONE, false,
                SHORT_TIMEOUT);
        long start = System.nanoTime();
        RealArray.Outcome o;
        long elapsed;
        try {
            o = array.run(target, Harness.config(Strategy.READA), requests);
            elapsed = System.nanoTime() - start;
        } finally {
            target.close();
        }
        assertTrue(elapsed < Duration.ofSeconds(3).toNanos(), "ended in " + elapsed / 1e9 + " s");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos(),
                "closing does not wait for the stalled device");
        String device = "devid " + stalled.devid();
        List<BadCopy> timedOut = new ArrayList<>();
        for (ControlSnapshot c : o.controls) {
            assertEquals(ControlStatus.DONE, c.status());
            assertEquals(List.of(), c.errorList(), "every block has a copy on another device: failover reads it there");
            for (BadCopy b : c.badCopyList()) {
                assertEquals(stalled.devid(), b.devid(), b.toString());
                assertTrue(b.reason().equals("read timed out: " + device + " did not answer within 0.5 s")
                        || b.reason().equals(device + " is not answering: a read has been stuck for more than 0.5 s"
                                + " (read timeout)"), b.reason());
                timedOut.add(b);
            }
        }
        assertFalse(timedOut.isEmpty(), "the stalled device's copies are reported bad");
        assertEquals(reachableAvoiding(requests, Set.of()), o.read(), "every block read from its other copy");
        assertTrue(stalled.stuck() > 0, "reads are still stuck in the device");
        stalled.release();
        assertTrue(target.awaitTermination(Duration.ofSeconds(5)), "every I/O thread ends once the device answers");
        assertEquals(0, stalled.stuck());
    }

    /**
     * Without a read timeout a stalled device holds its reads forever: cancelling cannot end the
     * control (its reads in flight must drain), closing the run does — it fails the stuck reads.
     */
    @Test
    void withoutATimeoutClosingEndsARunStuckOnAStalledDevice() throws Exception {
        open(RAID1);
        FaultyDevice stalled = faulty.get(0);
        stalled.stall();
        FilesystemTarget target = new FilesystemTarget(array.fs, ReadaheadConfig.MAX_IN_FLIGHT, IoModel.NONE, false,
                Duration.ZERO);
        ReadaheadEngine engine = new ReadaheadEngine(target, Harness.config(Strategy.READA));
        ReadaheadControl control = engine.add(RealArray.whole(array.root(ObjectIds.FS_TREE)));
        try {
            assertFalse(control.waitFor(Duration.ofMillis(700)), "a stalled device holds the run");
            assertTrue(stalled.stuck() > 0);
            control.cancel();
            assertFalse(control.waitFor(Duration.ofMillis(300)), "cancel waits for the reads in flight");
            engine.close();
            target.close();
            assertTrue(control.waitFor(Harness.WAIT), "closing failed the stuck reads");
            assertEquals(ControlStatus.CANCELLED, control.progress().status());
            Harness.assertDrained(engine);
        } finally {
            stalled.release();
            engine.close();
            target.close();
        }
        assertTrue(target.awaitTermination(Duration.ofSeconds(5)), "every I/O thread ends once the device answers");
    }

    /**
     * The exact report: the blocks lost are those some read of failed and none read, each with
     * the device and the reason of its failed read; the blocks read are everything the roots
     * reach around them.
     */
    private void assertExact(RealArray.Outcome o, List<ReadaheadRequest> requests, Map<Long, Set<Long>> failed,
            String reasonStart) {
        Set<Long> read = o.read();
        Map<Long, Set<Long>> lost = new HashMap<>(failed);
        lost.keySet().removeAll(read);
        Map<Long, ReadError> reported = lostBlocks(o);
        assertEquals(lost.keySet(), reported.keySet(), "the blocks reported are those whose reads failed");
        for (ReadError e : reported.values()) {
            assertTrue(lost.get(e.logical()).contains(e.devid()), e.toString());
            // one copy tried: its reason; several (failover): every copy's reason
            boolean one = e.reason().startsWith("read error: ") && e.reason().contains(reasonStart);
            boolean all = e.reason().startsWith("no copy could be read: ")
                    && lost.get(e.logical()).stream().allMatch(d -> e.reason().contains("devid " + d + " at "))
                    && e.reason().contains(reasonStart);
            assertTrue(one || all, e.reason());
        }
        // failover: every failed read of a block that was read in the end is a bad copy of it
        Set<List<Long>> recovered = new HashSet<>();
        failed.forEach((block, devids) -> devids.forEach(d -> {
            if (read.contains(block)) {
                recovered.add(List.of(block, d));
            }
        }));
        Set<List<Long>> bad = new HashSet<>();
        o.controls.forEach(c -> c.badCopyList().stream().filter(b -> read.contains(b.logical()))
                .forEach(b -> bad.add(List.of(b.logical(), b.devid()))));
        assertEquals(recovered, bad, "the bad copies are the failed reads of blocks read from another copy");
        assertEquals(reachableAvoiding(requests, lost.keySet()), union(read, lost.keySet()),
                "everything the trees reach around the lost blocks was read");
        int blocks = 0;
        for (ControlSnapshot c : o.controls) {
            blocks += c.blocks();
        }
        assertEquals(read.size(), blocks);
        assertEquals(List.of(), o.violations(false));
    }

    /** Every control's lost blocks, each reported once, the controls done. */
    private static Map<Long, ReadError> lostBlocks(RealArray.Outcome o) {
        Map<Long, ReadError> reported = new HashMap<>();
        for (ControlSnapshot c : o.controls) {
            assertEquals(ControlStatus.DONE, c.status());
            assertEquals(c.errors(), c.errorList().size());
            for (ReadError e : c.errorList()) {
                assertEquals(null, reported.put(e.logical(), e), "reported once: " + e);
            }
        }
        return reported;
    }

    /** Every block of the runs' trees whose read failed, mapped back from (devid, physical) by the chunk map. */
    private Map<Long, Set<Long>> failedBlocks() {
        Map<StripeCopy, Long> blockAt = new HashMap<>();
        for (TreeRoot root : array.fs.treeRoots()) {
            Deque<Long> todo = new ArrayDeque<>(List.of(root.bytenr()));
            while (!todo.isEmpty()) {
                long block = todo.pop();
                array.target.mirrors(block).forEach(m -> blockAt.put(m, block));
                todo.addAll(array.children(block));
            }
        }
        Map<Long, Set<Long>> failed = new HashMap<>();
        for (FaultyDevice f : faulty) {
            for (FaultyDevice.FailedRead r : f.failedReads()) {
                Long block = blockAt.get(new StripeCopy(f.devid(), r.physical()));
                assertTrue(block != null, "a failed read of a tree block: " + r);
                assertEquals(array.fs.nodesize(), r.length(), "one block per read (no coalescing)");
                failed.computeIfAbsent(block, b -> new HashSet<>()).add(f.devid());
            }
        }
        return failed;
    }

    /** The blocks the requests' roots reach without passing a block of {@code lost}; those included. */
    private Set<Long> reachableAvoiding(List<ReadaheadRequest> requests, Set<Long> lost) {
        Set<Long> out = new HashSet<>();
        for (ReadaheadRequest r : requests) {
            Deque<Long> todo = new ArrayDeque<>(List.of(r.rootLogical()));
            while (!todo.isEmpty()) {
                long block = todo.pop();
                if (out.add(block) && !lost.contains(block)) {
                    todo.addAll(array.children(block));
                }
            }
        }
        return out;
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        Set<Long> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
