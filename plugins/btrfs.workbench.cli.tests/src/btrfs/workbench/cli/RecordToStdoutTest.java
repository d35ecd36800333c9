package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.snapshot.record.Recording;
import btrfs.workbench.snapshot.record.RecordingStream;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * {@code readahead --record -}: the recording streamed to stdout, as a remote run sends it over
 * ssh — the same lines as a recording file, read frame by frame as they come, the report on
 * stderr, and a run that stops when the reader goes away.
 */
class RecordToStdoutTest {

    @TempDir
    Path scratch;

    @Test
    void theStreamIsARecordingReadFrameByFrameToTheFinalState() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path snapshotFile = scratch.resolve("final.json");
        Run run = Run.on(array, "readahead", "--tree", "257", "--tree", "extent", "--no-coalesce", "--latency-ms", "10",
                "--no-stream-zones", "--record", "-", "--snapshot", snapshotFile.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("blocks"), "the report goes to stderr: " + run.err());

        RecordingStream stream = new RecordingStream("test");
        DiagnosticSnapshot last = null;
        for (String line : run.out().split("\n")) {
            DiagnosticSnapshot state = stream.accept(line);
            last = state != null ? state : last;
        }
        assertNotNull(last, "frames in the stream");
        assertTrue(stream.frames() > 3, "frames: " + stream.frames());
        DiagnosticSnapshot end = SnapshotFiles.read(snapshotFile);
        assertEquals(end.array(), stream.header().array());
        assertEquals(RecordCommandTest.withoutTime(end.engine()), RecordCommandTest.withoutTime(last.engine()));
        assertEquals(end.controls(), last.controls());
        assertEquals(end.queues(), last.queues());
        assertEquals(end.heatmap(), last.heatmap());

        // the same lines are a recording file: the stream read as a whole gives the same end
        Path file = Files.writeString(scratch.resolve("streamed.rec"), run.out());
        Recording recording = Recording.read(file);
        assertEquals(stream.frames(), recording.frameCount());
        assertEquals(stream.events(), recording.events().size());
        assertEquals(last.controls(), recording.last().controls());
    }

    @Test
    void jsonAndAStreamedRecordingCannotShareStdout() {
        Run run = Run.on(TestArrays.named("single-crc32c-16k"), "readahead", "--tree", "fs", "--json", "--record", "-");
        assertEquals(Cli.BAD_INPUT, run.exit());
        assertTrue(run.err().contains("--json and --record - both want standard output"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void onlyTheRecordingMayGoToStdout() {
        Run run = Run.on(TestArrays.named("single-crc32c-16k"), "readahead", "--tree", "fs", "--trace", "-");
        assertEquals(Cli.BAD_INPUT, run.exit());
        assertTrue(run.err().contains("only --record may write to standard output"), run.err());
    }

    /**
     * The reader goes away (ssh dropped, the pipe closed) after the header and two frames: the run
     * stops at once, it does not read on to its end.
     */
    @Test
    void aReaderThatGoesAwayStopsTheRun() {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ClosingPipe pipe = new ClosingPipe(3);
        long started = System.nanoTime();
        // 1422 blocks of tree 257, one at a time per device, 50 ms each: about 25 s to the end
        int exit = new Cli(Run.VERSION).run(Run.withDevices(array, "readahead", "--tree", "257", "--no-coalesce",
                "--no-stream-zones", "--max-in-flight", "1", "--latency-ms", "50", "--record", "-")
                .toArray(String[]::new), new PrintStream(pipe, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        double seconds = (System.nanoTime() - started) / 1e9;
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(Cli.BAD_INPUT, exit, said);
        assertTrue(said.contains("reader went away"), said);
        assertEquals(3, pipe.writes, "written up to the close, not after");
        assertTrue(seconds < 10, "stopped when the reader went away, not at the run's end: " + seconds + " s");
    }

    /** A pipe whose reader leaves after {@code limit} writes (each a flush): later writes fail, as with EPIPE. */
    private static final class ClosingPipe extends OutputStream {
        private final int limit;
        int writes;

        ClosingPipe(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (writes == limit) {
                throw new IOException("Broken pipe");
            }
            writes++;
        }
    }
}
