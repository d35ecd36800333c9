package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.snapshot.record.Recording;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/** {@code readahead --record FILE} and {@code --snapshot-every SECONDS}. */
class RecordCommandTest {

    @TempDir
    Path scratch;

    @Test
    void aRecordingReplaysToTheFinalSnapshot() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path recordFile = scratch.resolve("run.rec.gz");
        Path snapshotFile = scratch.resolve("final.json");
        // one block per read, 10 ms each (not streamed): a run long enough for several frames
        Run run = Run.on(array, "readahead", "--tree", "257", "--tree", "extent", "--no-coalesce", "--latency-ms", "10",
                "--no-stream-zones", "--record",
                recordFile.toString(), "--snapshot", snapshotFile.toString());
        assertEquals(0, run.exit(), run.err());

        Recording recording = Recording.read(recordFile);
        DiagnosticSnapshot end = SnapshotFiles.read(snapshotFile);
        DiagnosticSnapshot replayed = recording.last();
        assertTrue(recording.frameCount() > 3, "frames: " + recording.frameCount());
        assertEquals(Run.VERSION, recording.header().toolVersion());
        assertEquals(end.array(), recording.header().array());
        assertEquals(withoutTime(end.engine()), withoutTime(replayed.engine()));
        assertEquals(end.controls(), replayed.controls());
        assertEquals(end.queues(), replayed.queues());
        assertEquals(end.heatmap(), replayed.heatmap());
        long completes = recording.events().stream().filter(e -> e instanceof ReadaheadEvent.Complete).count();
        assertEquals(end.engine().totals().reads(), completes, "every read's completion is in the event stream");
        assertEquals(2, recording.events().stream().filter(e -> e instanceof ReadaheadEvent.Finish).count());
    }

    /** The engine state but for the instant it was taken. */
    static EngineSnapshot withoutTime(EngineSnapshot e) {
        return new EngineSnapshot(0, e.strategy(), e.nodesize(), e.maxInFlightPerDevice(), e.devices(), e.controls(),
                e.totals(), e.engine());
    }

    @Test
    void snapshotEveryWritesNumberedSnapshotsDuringTheRun() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path file = scratch.resolve("run.json.gz");
        Run run = Run.on(array, "readahead", "--tree", "257", "--no-coalesce", "--latency-ms", "5", "--no-stream-zones",
                "--snapshot", file.toString(), "--snapshot-every", "0.1");
        assertEquals(0, run.exit(), run.err());
        List<Path> numbered;
        try (Stream<Path> files = Files.list(scratch)) {
            numbered = files.filter(f -> f.getFileName().toString().matches("run-\\d{4}\\.json\\.gz")).sorted().toList();
        }
        assertTrue(numbered.size() >= 2, "numbered snapshots: " + numbered);
        assertEquals(scratch.resolve("run-0001.json.gz"), numbered.get(0));
        long before = -1;
        for (Path f : numbered) {
            DiagnosticSnapshot s = SnapshotFiles.read(f);
            long reads = s.engine().totals().reads();
            assertTrue(reads >= before, f + " after the one before it");
            before = reads;
        }
        DiagnosticSnapshot last = SnapshotFiles.read(file);
        assertTrue(last.controls().get(0).finished(), "the unnumbered one is the final state");
        assertTrue(last.engine().totals().reads() >= before);
        assertTrue(SnapshotFiles.read(numbered.get(0)).controls().stream().noneMatch(c -> c.finished()),
                "the first was taken mid-run");
    }

    @Test
    void snapshotEveryNeedsAFileToNumber() {
        Run run = Run.on(TestArrays.named("single-crc32c-16k"), "readahead", "--tree", "fs", "--snapshot-every", "1");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--snapshot-every needs --snapshot FILE"), run.err());
    }

    @Test
    void anUnwritableRecordingIsAClearError() {
        Run run = Run.on(TestArrays.named("single-crc32c-16k"), "readahead", "--tree", "fs", "--record",
                scratch.resolve("missing-dir/run.rec.gz").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("cannot write the recording"), run.err());
    }
}
