package btrfs.workbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.bench.array.ArrayBuilder;
import btrfs.workbench.bench.array.ArraySpec;
import btrfs.workbench.bench.array.BuiltArray;
import btrfs.workbench.bench.array.LoopMode;
import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.bench.report.ArrayFacts;
import btrfs.workbench.bench.report.ArrayResult;
import btrfs.workbench.bench.report.BenchJson;
import btrfs.workbench.bench.report.BenchResult;
import btrfs.workbench.bench.report.ScalingPoint;
import btrfs.workbench.bench.system.Prerequisites;
import btrfs.workbench.bench.system.SystemHost;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.SystemCommands;

/**
 * The whole benchmark on tiny single-device arrays: built by the kernel, cached, attached
 * read-only, every method measured cold, written out. Needs root and loop devices; skips
 * cleanly without them.
 */
class BenchEndToEndTest {

    private static final ArraySpec SMALL = tiny("tiny-dup-s", 160, 2);
    private static final ArraySpec MEDIUM = tiny("tiny-dup-m", 192, 8);
    private static final ArraySpec LARGE = tiny("tiny-dup", 256, 20);

    @TempDir
    Path work;

    @TempDir
    Path out;

    private static ArraySpec tiny(String name, long deviceMib, long metadataMib) {
        return new ArraySpec(name, "dup", "single", 1, deviceMib * ArraySpec.MIB, 16384,
                metadataMib * ArraySpec.MIB, 1);
    }

    @Test
    void aTinyBenchMeasuresEveryMethodColdAndLeavesTheImagesAsTheyWere() throws Exception {
        SystemCommands commands = SystemCommands.withBlkidCache(work.resolve("blkid.tab"));
        List<String> missing = Prerequisites.missing(new SystemHost(commands));
        assumeTrue(missing.isEmpty(), () -> "the benchmark cannot run here: " + missing);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream logStream = new PrintStream(new TeeToStdout(log), true, StandardCharsets.UTF_8);

        BuiltArray built = new ArrayBuilder(commands, work, logStream).obtain(LARGE);
        Map<Path, String> before = Hashes.sha256(built.images());
        BenchPlan plan = new BenchPlan(List.of(LARGE), List.of(SMALL, MEDIUM, LARGE), List.of(Method.values()), 3,
                List.of(LoopMode.values()));
        BenchRun run = new BenchRunner(work, logStream).run(plan, true);
        BenchResult result = run.result();

        String progress = log.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("array tiny-dup: reusing"), progress);
        assertFalse(result.hasErrors(), progress);
        assertEquals(before, Hashes.sha256(built.images()), "measuring wrote to the images");
        assertEquals(List.of("tiny-dup", "tiny-dup/buffered"),
                result.arrays().stream().map(a -> a.facts().name()).toList(), "each loop mode");
        checkArray(result.arrays().get(0), built);
        checkArray(result.arrays().get(1), built);
        checkScaling(result.scaling());
        checkOutputs(run);
        checkDetached(commands, built);
    }

    private static void checkArray(ArrayResult array, BuiltArray built) {
        ArrayFacts facts = array.facts();
        assertTrue(facts.fsBlocks() > 0 && facts.allBlocks() > facts.fsBlocks(), facts.toString());
        assertTrue(facts.limitBytes() >= facts.allBlocks() * 16384, "the block groups hold every tree block");
        assertEquals(2, facts.snapshots());
        assertTrue(built.metadataUsed() >= LARGE.metadataTarget(), built.toString());
        for (Method m : Method.values()) {
            assertEquals(3, array.method(m).orElseThrow().runs().size(), m + " ran three times");
            assertTrue(array.method(m).orElseThrow().median() > 0, m.toString());
        }
    }

    private static void checkScaling(List<ScalingPoint> scaling) {
        assertEquals(List.of("tiny-dup-s", "tiny-dup-m", "tiny-dup"), scaling.stream().map(ScalingPoint::array).toList());
        assertTrue(scaling.get(0).blocks() < scaling.get(1).blocks()
                && scaling.get(1).blocks() < scaling.get(2).blocks(), scaling.toString());
    }

    private void checkOutputs(BenchRun run) throws Exception {
        BenchResult result = run.result();
        List<Path> files = BenchOutputs.write(run, out);
        assertEquals(List.of("bench.json", "bench.md", "bench.png", "timeline-tiny-dup-reada-fs.png",
                "timeline-tiny-dup-reada-all.png", "timeline-tiny-dup-buffered-reada-fs.png",
                "timeline-tiny-dup-buffered-reada-all.png"), files.stream().map(f -> f.getFileName().toString()).toList());
        for (var timeline : run.timelines()) {
            assertEquals(1, timeline.lanes().size(), "DUP: one device");
            assertTrue(timeline.lanes().get(0).bytes() > 0 && timeline.readSeconds() <= timeline.seconds(),
                    timeline.toString().substring(0, 200));
        }
        assertEquals(result, BenchJson.read(Files.readString(out.resolve("bench.json"))));
        assertTrue(Files.readString(out.resolve("bench.md")).contains("| tiny-dup | naive | fs tree |"));
        assertTrue(Files.size(out.resolve("bench.png")) > 10_000);
    }

    /** No loop device is left on the images once the run is over. */
    private static void checkDetached(SystemCommands commands, BuiltArray built) throws Exception {
        for (Path image : built.images()) {
            String loops = commands.run(Duration.ofSeconds(20), "losetup", "-j", image.toString()).output();
            assertEquals("", loops, image + " is still attached");
        }
    }

    /** The progress goes to the test's output too: when it fails, the report shows how far it got. */
    private static final class TeeToStdout extends OutputStream {
        private final ByteArrayOutputStream copy;

        TeeToStdout(ByteArrayOutputStream copy) {
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            copy.write(b);
            System.out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            copy.write(b, off, len);
            System.out.write(b, off, len);
        }
    }
}
