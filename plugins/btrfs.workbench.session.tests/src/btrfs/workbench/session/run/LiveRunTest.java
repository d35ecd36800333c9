package btrfs.workbench.session.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.snapshot.record.Recording;
import btrfs.workbench.snapshot.trace.TraceHeader;
import btrfs.workbench.snapshot.trace.TraceReader;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/** Runs through the session on kernel-written arrays: what they read, share, write and leave behind. */
class LiveRunTest {

    @TempDir
    Path scratch;

    @AfterEach
    void nothingLeftOpen() {
        assertEquals(0, ArraySession.sharedCount(), "every shared session closed with its last run");
    }

    private static RunSpec.Builder trees(TestArray array, Long... ids) {
        return RunSpec.builder().devices(array.compressedImages()).trees(List.of(ids));
    }

    @Test
    void aRunReadsExactlyTheTreesBlocksAndWritesNothingToTheImages() throws Exception {
        for (TestArray array : TestArrays.all()) {
            Map<Path, String> before = Hashes.sha256(array.unpackedImages());
            RunSpec spec = trees(array, ObjectIds.FS_TREE, ObjectIds.EXTENT_TREE).build();
            try (ArraySession session = ArraySession.open(spec);
                    LiveRun run = session.start(spec, "test", List.of())) {
                List<ControlSnapshot> finals = run.await();
                run.finish();
                assertEquals(ArrayTruth.of(array).blocks(ObjectIds.FS_TREE).size(), finals.get(0).blocks(),
                        array.name());
                assertEquals(ArrayTruth.of(array).blocks(ObjectIds.EXTENT_TREE).size(), finals.get(1).blocks(),
                        array.name());
                assertTrue(finals.stream().allMatch(c -> c.errors() == 0), array.name());
                assertEquals(array.label().isEmpty() ? array.fsid().toString() : array.label(), run.arrayName());
            }
            assertEquals(before, Hashes.sha256(array.unpackedImages()), "images unchanged: " + array.name());
        }
    }

    @Test
    void everyOutputIsWrittenBySessionCode() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path trace = scratch.resolve("run.jsonl");
        Path record = scratch.resolve("run.rec.gz");
        Path snapshot = scratch.resolve("run.json");
        // reads slow enough (every read 300 ms) that the 50 ms snapshots fall inside the run even on
        // a loaded machine: a run of a two-level tree once finished before the first one
        RunSpec spec = trees(array, ObjectIds.FS_TREE).io(new IoModel(Duration.ofMillis(300), 0, false))
                .outputs(new RunSpec.Outputs(trace, record, snapshot, Duration.ofMillis(50))).build();
        try (ArraySession session = ArraySession.open(spec); LiveRun run = session.start(spec, "test", List.of())) {
            run.await();
            run.finish();
        }
        assertEquals(new TraceHeader("workbench", "reada", 6), TraceReader.header(trace).orElseThrow());
        assertFalse(TraceReader.read(trace).isEmpty());
        Recording recording = Recording.read(record);
        assertFalse(recording.truncated());
        assertTrue(recording.frameCount() > 1, "frames while it ran: " + recording.frameCount());
        DiagnosticSnapshot last = SnapshotFiles.read(snapshot);
        assertTrue(last.controls().get(0).finished());
        assertTrue(Files.exists(RunOutputs.numberedFile(snapshot, 1)), "numbered snapshots during the run");
    }

    @Test
    void numberedNamesKeepTheExtension() {
        assertEquals(Path.of("/x/run-0003.json"), RunOutputs.numberedFile(Path.of("/x/run.json"), 3));
        assertEquals(Path.of("run-0012.json.gz"), RunOutputs.numberedFile(Path.of("run.json.gz"), 12));
        assertEquals(Path.of("snap-0001"), RunOutputs.numberedFile(Path.of("snap"), 1));
    }

    /** As readaheads of one filesystem in the kernel: one engine per array and settings. */
    @Test
    void launchesWithTheSameSettingsShareTheEngine() throws Exception {
        TestArray array = TestArrays.named("raid10-xxhash-16k");
        RunSpec fs = trees(array, ObjectIds.FS_TREE).build();
        try (LiveRun first = ArraySession.launch(fs, "test");
                LiveRun second = ArraySession.launch(fs.toBuilder().trees(List.of(ObjectIds.EXTENT_TREE)).build(),
                        "test");
                LiveRun other = ArraySession.launch(fs.toBuilder().maxInFlight(1).build(), "test")) {
            assertSame(first.engine(), second.engine());
            assertNotSame(first.engine(), other.engine());
            assertEquals(2, ArraySession.sharedCount());
            for (LiveRun run : List.of(first, second, other)) {
                run.await();
            }
        }
    }

    @Test
    void whatKeepsARunFromStartingIsOneClearLine() throws Exception {
        TestArray single = TestArrays.named("single-crc32c-16k");
        SessionException noTree = assertThrows(SessionException.class,
                () -> ArraySession.launch(trees(single, ObjectIds.QUOTA_TREE).build(), "test"));
        assertEquals("tree quota not present", noTree.getMessage());
        RunSpec unwritable = trees(single, ObjectIds.FS_TREE)
                .outputs(new RunSpec.Outputs(Path.of("/nonexistent/dir/t.jsonl"), null, null, null)).build();
        SessionException noTrace = assertThrows(SessionException.class, () -> ArraySession.launch(unwritable, "t"));
        assertTrue(noTrace.getMessage().startsWith("cannot write the trace /nonexistent/dir/t.jsonl"),
                noTrace.getMessage());
        SessionException missing = assertThrows(SessionException.class, () -> ArraySession.launch(
                RunSpec.builder().devices(List.of(scratch.resolve("absent.img"))).trees(List.of(5L)).build(), "t"));
        assertEquals(scratch.resolve("absent.img") + ": no such file or device", missing.getMessage());
    }
}
