package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.BlockProblem;
import btrfs.workbench.metadata.tree.BlockRead;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * The readahead's coalesced read ({@code BlockReader.readSpan}): copies in ascending order on a
 * device, read in one go with the holes between them, give exactly what reading each copy on its
 * own gives — on every array's real spans of nearby blocks; so does the zone stream's {@code
 * checkSpan}, whose blocks share one scratch array and are seen only during the visit; copies out
 * of order are read one by one; a failing read of the span falls back to single reads, so only
 * the bad block fails.
 */
class SpanReadTest {

    /** The widest span tried: 32 blocks, up to 16 of them tree blocks. */
    private static final int SPAN_BLOCKS = 32;

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final AtomicInteger WITH_HOLES = new AtomicInteger();

    @AfterAll
    static void summary() {
        System.out.println("SpanReadTest: " + RUNS + " spans of copies read in one go, " + WITH_HOLES + " with holes");
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

    /** Runs of up to 16 copies in ascending order spanning at most {@link #SPAN_BLOCKS} blocks. */
    private static List<List<Mirror>> runs(long devid, TreeMap<Long, Long> copies, int nodesize) {
        List<List<Mirror>> runs = new ArrayList<>();
        List<Mirror> run = new ArrayList<>();
        for (long physical : copies.keySet()) {
            if (!run.isEmpty() && (physical + nodesize - run.get(0).physical() > (long) SPAN_BLOCKS * nodesize
                    || run.size() == 16)) {
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
    Stream<DynamicTest> spansOfCopiesReadInOneGoAsEachAlone() {
        return OpenArrays.perArray(c -> {
            BtrfsFilesystem fs = c.fs();
            int nodesize = fs.nodesize();
            ByteBuffer buffer = ByteBuffer.allocateDirect(SPAN_BLOCKS * nodesize); // as the readahead reads
            int found = 0;
            for (Map.Entry<Long, TreeMap<Long, Long>> device : copiesByDevice(fs).entrySet()) {
                for (List<Mirror> run : runs(device.getKey(), device.getValue(), nodesize)) {
                    List<Long> logicals = run.stream().map(m -> device.getValue().get(m.physical())).toList();
                    List<BlockRead> together = fs.blockReader().readSpan(logicals, run, BlockExpectation.NONE, buffer);
                    List<String> checked = new ArrayList<>();
                    fs.blockReader().checkSpan(logicals, run, BlockExpectation.NONE, buffer,
                            (i, read) -> checked.add(i + " " + describe(read)));
                    for (int i = 0; i < run.size(); i++) {
                        BlockRead alone = fs.blockReader().readCopy(logicals.get(i), run.get(i), BlockExpectation.NONE);
                        assertSameBlock(alone, together.get(i));
                        assertEquals(i + " " + describe(alone), checked.get(i), "checkSpan");
                    }
                    found++;
                    if (run.get(run.size() - 1).physical() - run.get(0).physical() >= (long) run.size() * nodesize) {
                        WITH_HOLES.incrementAndGet();
                    }
                }
            }
            RUNS.addAndGet(found);
            assertTrue(found > 0, c.array().name() + ": the kernel placed some tree blocks near each other");
        });
    }

    /** What a read says of its block, its first key too (a leaf reads it from its bytes when asked). */
    private static String describe(BlockRead read) {
        BlockRead.Good good = assertInstanceOf(BlockRead.Good.class, read);
        return good.block().headerLine() + " first " + good.block().firstKey() + " mirror " + good.mirror() + " at "
                + good.where();
    }

    private static void assertSameBlock(BlockRead alone, BlockRead together) {
        BlockRead.Good a = assertInstanceOf(BlockRead.Good.class, alone);
        BlockRead.Good t = assertInstanceOf(BlockRead.Good.class, together);
        assertEquals(a.block().headerLine(), t.block().headerLine());
        assertEquals(a.block().firstKey(), t.block().firstKey(), "each block its own bytes");
        assertEquals(a.mirror(), t.mirror());
        assertEquals(a.where(), t.where());
    }

    @Test
    void aSpanWithHolesReadsAsEachAlone() throws IOException {
        try (BtrfsFilesystem fs = OpenArrays.open(TestArrays.named("raid1-blake2-16k"))) {
            int nodesize = fs.nodesize();
            Map.Entry<Long, TreeMap<Long, Long>> device = copiesByDevice(fs).entrySet().iterator().next();
            List<Mirror> holed = runs(device.getKey(), device.getValue(), nodesize).stream()
                    .filter(r -> r.get(r.size() - 1).physical() - r.get(0).physical() >= (long) r.size() * nodesize)
                    .findFirst().orElseThrow(() -> new AssertionError("no span of copies with a hole"));
            List<Long> logicals = holed.stream().map(m -> device.getValue().get(m.physical())).toList();
            List<BlockRead> reads = fs.blockReader().readSpan(logicals, holed, BlockExpectation.NONE,
                    ByteBuffer.wrap(new byte[SPAN_BLOCKS * nodesize]));
            for (int i = 0; i < holed.size(); i++) {
                assertSameBlock(fs.blockReader().readCopy(logicals.get(i), holed.get(i), BlockExpectation.NONE),
                        reads.get(i));
            }
        }
    }

    @Test
    void copiesOutOfOrderAreReadOneByOne() throws IOException {
        try (BtrfsFilesystem fs = OpenArrays.open(TestArrays.named("raid1-blake2-16k"))) {
            Map.Entry<Long, TreeMap<Long, Long>> device = copiesByDevice(fs).entrySet().iterator().next();
            List<Long> physicals = new ArrayList<>(device.getValue().keySet());
            // descending, and far apart: the small buffer would not even hold the span
            List<Mirror> apart = List.of(new Mirror(device.getKey(), physicals.get(physicals.size() - 1)),
                    new Mirror(device.getKey(), physicals.get(0)));
            List<Long> logicals = apart.stream().map(m -> device.getValue().get(m.physical())).toList();
            List<BlockRead> reads = fs.blockReader().readSpan(logicals, apart, BlockExpectation.NONE,
                    ByteBuffer.wrap(new byte[2 * fs.nodesize()]));
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
                List<BlockRead> reads = fs.blockReader().readSpan(logicals, run, BlockExpectation.NONE,
                        ByteBuffer.wrap(new byte[SPAN_BLOCKS * nodesize]));
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
