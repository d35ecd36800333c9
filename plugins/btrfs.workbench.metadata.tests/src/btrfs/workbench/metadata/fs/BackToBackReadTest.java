package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.ReadOnlyDevice;
import btrfs.workbench.metadata.chunk.Mirror;
import btrfs.workbench.metadata.io.PositionalReader;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.BlockProblem;
import btrfs.workbench.metadata.tree.BlockRead;
import btrfs.workbench.metadata.tree.KeyRange;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * The readahead's coalesced read ({@code BlockReader.readBackToBack}): copies that lie back to
 * back on a device, read in one go, give exactly what reading each copy on its own gives — on
 * every array's real runs of adjacent blocks; copies that are not back to back are read one by
 * one; a failing read of the run falls back to single reads, so only the bad block fails.
 */
class BackToBackReadTest {

    private static final AtomicInteger RUNS = new AtomicInteger();

    @AfterAll
    static void summary() {
        System.out.println("BackToBackReadTest: " + RUNS + " runs of back-to-back copies read in one go");
    }

    /** Per device, the copies of every tree block by physical offset. */
    private static Map<Long, TreeMap<Long, Long>> copiesByDevice(BtrfsFilesystem fs) {
        Map<Long, TreeMap<Long, Long>> byDevice = new TreeMap<>();
        for (TreeRoot root : fs.treeRoots()) {
            for (VisitedBlock block : fs.collect(root, KeyRange.ALL).blocks()) {
                for (Mirror m : fs.chunkMap().mirrors(block.bytenr())) {
                    byDevice.computeIfAbsent(m.devid(), d -> new TreeMap<>()).put(m.physical(), block.bytenr());
                }
            }
        }
        return byDevice;
    }

    /** Runs of up to 16 copies whose physical offsets follow each other by the nodesize. */
    private static List<List<Mirror>> runs(long devid, TreeMap<Long, Long> copies, int nodesize) {
        List<List<Mirror>> runs = new ArrayList<>();
        List<Mirror> run = new ArrayList<>();
        for (long physical : copies.keySet()) {
            if (!run.isEmpty() && (physical != run.get(run.size() - 1).physical() + nodesize || run.size() == 16)) {
                if (run.size() > 1) {
                    runs.add(run);
                }
                run = new ArrayList<>();
            }
            run.add(new Mirror(devid, physical));
        }
        if (run.size() > 1) {
            runs.add(run);
        }
        return runs;
    }

    @TestFactory
    Stream<DynamicTest> runsOfAdjacentCopiesReadInOneGoAsEachAlone() {
        return OpenArrays.perArray(c -> {
            BtrfsFilesystem fs = c.fs();
            int nodesize = fs.nodesize();
            byte[] buffer = new byte[16 * nodesize];
            int found = 0;
            for (Map.Entry<Long, TreeMap<Long, Long>> device : copiesByDevice(fs).entrySet()) {
                for (List<Mirror> run : runs(device.getKey(), device.getValue(), nodesize)) {
                    List<Long> logicals = run.stream().map(m -> device.getValue().get(m.physical())).toList();
                    List<BlockRead> together = fs.blockReader().readBackToBack(logicals, run, BlockExpectation.NONE,
                            buffer);
                    for (int i = 0; i < run.size(); i++) {
                        BlockRead alone = fs.blockReader().readCopy(logicals.get(i), run.get(i), BlockExpectation.NONE);
                        assertSameBlock(alone, together.get(i));
                    }
                    found++;
                }
            }
            RUNS.addAndGet(found);
            assertTrue(found > 0, c.array().name() + ": the kernel placed some tree blocks back to back");
        });
    }

    private static void assertSameBlock(BlockRead alone, BlockRead together) {
        BlockRead.Good a = assertInstanceOf(BlockRead.Good.class, alone);
        BlockRead.Good t = assertInstanceOf(BlockRead.Good.class, together);
        assertEquals(a.block().headerLine(), t.block().headerLine());
        assertEquals(a.mirror(), t.mirror());
        assertEquals(a.where(), t.where());
    }

    @Test
    void copiesNotBackToBackAreReadOneByOne() throws IOException {
        try (BtrfsFilesystem fs = OpenArrays.open(TestArrays.named("raid1-blake2-16k"))) {
            Map.Entry<Long, TreeMap<Long, Long>> device = copiesByDevice(fs).entrySet().iterator().next();
            List<Long> physicals = new ArrayList<>(device.getValue().keySet());
            List<Mirror> apart = List.of(new Mirror(device.getKey(), physicals.get(0)),
                    new Mirror(device.getKey(), physicals.get(physicals.size() - 1)));
            List<Long> logicals = apart.stream().map(m -> device.getValue().get(m.physical())).toList();
            List<BlockRead> reads = fs.blockReader().readBackToBack(logicals, apart, BlockExpectation.NONE,
                    new byte[2 * fs.nodesize()]);
            for (int i = 0; i < 2; i++) {
                assertSameBlock(fs.blockReader().readCopy(logicals.get(i), apart.get(i), BlockExpectation.NONE),
                        reads.get(i));
            }
        }
    }

    @Test
    void aBadSectorInARunFailsOnlyItsBlock() throws IOException {
        TestArray single = TestArrays.named("single-crc32c-16k");
        List<Mirror> run;
        List<Long> logicals;
        int nodesize;
        try (BtrfsFilesystem fs = OpenArrays.open(single)) {
            nodesize = fs.nodesize();
            Map.Entry<Long, TreeMap<Long, Long>> device = copiesByDevice(fs).entrySet().iterator().next();
            run = runs(device.getKey(), device.getValue(), nodesize).stream()
                    .max(Comparator.comparingInt(List::size)).orElseThrow();
            logicals = run.stream().map(m -> device.getValue().get(m.physical())).toList();
        }
        Mirror bad = run.get(1);
        try (ReadOnlyDevice device = ReadOnlyDevice.open(single.unpackedImages().get(0))) {
            PositionalReader faulty = new FaultyReader(device, bad.physical(), 4096, FaultyReader.Fault.IO_ERROR);
            try (BtrfsFilesystem fs = DegradedAndFaultTest.opened(List.of(faulty))) {
                List<BlockRead> reads = fs.blockReader().readBackToBack(logicals, run, BlockExpectation.NONE,
                        new byte[run.size() * nodesize]);
                for (int i = 0; i < run.size(); i++) {
                    if (i == 1) {
                        BlockRead.Bad failed = assertInstanceOf(BlockRead.Bad.class, reads.get(i));
                        assertEquals(BlockProblem.Kind.READ_ERROR, failed.problems().get(0).kind());
                    } else {
                        assertInstanceOf(BlockRead.Good.class, reads.get(i), "block " + i + " of the run");
                    }
                }
            }
        }
    }
}
