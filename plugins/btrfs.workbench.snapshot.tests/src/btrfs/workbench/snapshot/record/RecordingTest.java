package btrfs.workbench.snapshot.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.heatmap.DeviceLayouts;
import btrfs.workbench.readahead.heatmap.HeatmapRecorder;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.snapshot.ArrayState;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.RealRuns;
import btrfs.workbench.snapshot.SnapshotException;
import btrfs.workbench.snapshot.Snapshots;
import btrfs.workbench.snapshot.ThroughputSeries;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Record a paced run on every committed multi-device array, read the recording back: every frame
 * rebuilds to the state that was recorded, the last one to the state the run ended with, and the
 * event stream agrees with the frames.
 */
class RecordingTest {

    @TempDir
    Path scratch;

    /** What a recorded run left: the states the recorder took, the state after the end, the file. */
    private record Recorded(List<DiagnosticSnapshot> taken, DiagnosticSnapshot end, Path file) {
    }

    /**
     * A paced run of every tree through the session, with a recorder of our own attached from the
     * first event on, which keeps every state it takes for the comparison.
     */
    private Recorded record(TestArray array, Path file) throws Exception {
        // streamed (the committed arrays are too sparse for the default to): its device counters
        // count blocks served from the stream as reads. Paced at 40 ms a read so that the run
        // lasts many 10 ms frames: at 20 ms the first array's run once gave only 5 (a clean-clone
        // CI run of 2026-12-08, after the stream's share order changed which copy reads what)
        RunSpec spec = RealRuns.everyTree(array, new IoModel(Duration.ofMillis(40), 0, false)).toBuilder()
                .streamZones(StreamZones.ON).build();
        try (ArraySession session = ArraySession.open(spec)) {
            BtrfsFilesystem fs = session.array().filesystem();
            HeatmapRecorder heat = new HeatmapRecorder(session.target(), DeviceLayouts.of(fs), 4096);
            ThroughputSeries throughput = new ThroughputSeries();
            List<DiagnosticSnapshot> taken = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<List<ReadaheadControl>> controls = new AtomicReference<>(List.of());
            Supplier<DiagnosticSnapshot> state = () -> Snapshots.runState(session.engine(), controls.get(),
                    throughput.snapshot(), heat.snapshot());
            Recorder recorder = Recorder.start(file, "1.2.3", ArrayState.of(fs), () -> {
                DiagnosticSnapshot now = state.get();
                throughput.add(now.engine());
                taken.add(now);
                return now;
            }, Duration.ofMillis(10));
            try (LiveRun run = session.start(spec, "1.2.3", List.of(heat, recorder))) {
                controls.set(run.controls());
                run.await();
                assertTrue(session.engine().awaitIdle(Duration.ofSeconds(30)), "engine idle after the run");
                recorder.close();
                return new Recorded(List.copyOf(taken), state.get(), file);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> aRecordedRunReplaysFrameByFrameToItsEnd() {
        return TestArrays.all().stream().filter(a -> a.numDevices() > 1).map(a -> DynamicTest.dynamicTest(a.name(), () -> {
            Map<Path, String> hashes = Hashes.sha256(a.unpackedImages());
            Recorded recorded = record(a, scratch.resolve(a.name() + ".rec.gz"));
            assertEquals(hashes, Hashes.sha256(a.unpackedImages()), "images untouched");

            Recording recording = Recording.read(recorded.file());
            assertFalse(recording.truncated());
            assertEquals(recorded.taken().size(), recording.frameCount());
            assertTrue(recording.frameCount() > 5, "frames taken during the run: " + recording.frameCount());
            assertEquals(a.fsid().toString(), recording.header().array().fsid());
            for (int i = 0; i < recording.frameCount(); i++) {
                assertSameRunState(recorded.taken().get(i), recording.state(i), "frame " + i);
            }
            Random random = new Random(7);
            for (int k = 0; k < 20; k++) { // seeking backwards and forwards
                int i = random.nextInt(recording.frameCount());
                assertSameRunState(recorded.taken().get(i), recording.state(i), "seek to frame " + i);
            }
            assertSameFinalState(recorded.end(), recording.last());
            assertEventsAgreeWithFrames(recording);
        }));
    }

    private static void assertSameRunState(DiagnosticSnapshot expected, DiagnosticSnapshot actual, String what) {
        assertEquals(expected.engine(), actual.engine(), what + ": engine");
        assertEquals(expected.queues(), actual.queues(), what + ": queues");
        assertEquals(expected.controls(), actual.controls(), what + ": controls");
        assertEquals(expected.throughput(), actual.throughput(), what + ": throughput");
        assertEquals(expected.heatmap(), actual.heatmap(), what + ": heatmap");
        assertEquals(expected.created(), actual.created(), what + ": time");
    }

    /** The run's end, taken separately after it: equal but for the instant it was taken. */
    private static void assertSameFinalState(DiagnosticSnapshot end, DiagnosticSnapshot replayed) {
        assertEquals(withTime(end.engine(), 0), withTime(replayed.engine(), 0), "final engine state");
        assertEquals(end.queues(), replayed.queues());
        assertEquals(end.controls(), replayed.controls());
        assertTrue(end.controls().stream().allMatch(c -> c.finished()), "the run ended");
        assertEquals(end.heatmap(), replayed.heatmap());
    }

    private static EngineSnapshot withTime(EngineSnapshot e, long t) {
        return new EngineSnapshot(t, e.strategy(), e.nodesize(), e.maxInFlightPerDevice(), e.devices(), e.controls(),
                e.totals(), e.engine());
    }

    /**
     * Each device read as many blocks as the event stream read from it: submitted to it, or
     * served from its zone stream.
     */
    private static void assertEventsAgreeWithFrames(Recording recording) {
        for (DeviceSnapshot device : recording.last().engine().devices()) {
            long submits = recording.events().stream()
                    .filter(e -> e instanceof ReadaheadEvent.Submit s && s.dev() == device.devid()).count();
            long streamed = recording.events().stream()
                    .filter(e -> e instanceof ReadaheadEvent.Complete c && c.streamed() && c.dev() == device.devid())
                    .count();
            assertEquals(device.counters().reads(), submits + streamed, "reads of device " + device.devid());
        }
        long seq = 0;
        for (ReadaheadEvent e : recording.events()) {
            assertEquals(++seq, e.seq(), "events complete and in order");
        }
    }

    @Test
    void aRecordingCutShortKeepsItsWholeLines() throws Exception {
        Recorded recorded = record(TestArrays.named("raid1-blake2-16k"), scratch.resolve("whole.rec.gz"));
        byte[] bytes = Files.readAllBytes(recorded.file());
        Path cut = Files.write(scratch.resolve("cut.rec.gz"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Recording recording = Recording.read(cut);
        assertTrue(recording.truncated());
        assertTrue(recording.frameCount() < recorded.taken().size());
        assertSameRunState(recorded.taken().get(recording.frameCount() - 1), recording.last(), "last whole frame");
        Path stub = Files.write(scratch.resolve("stub.rec.gz"), Arrays.copyOf(bytes, 40));
        assertTrue(assertThrows(SnapshotException.class, () -> Recording.read(stub)).getMessage()
                .contains("stub.rec.gz"));
    }

    @Test
    void foreignNewerAndCorruptFilesAreClearErrors() throws IOException {
        assertMessage(Files.writeString(scratch.resolve("empty.jsonl"), ""), "empty, not a btrfs-workbench recording");
        assertMessage(Files.writeString(scratch.resolve("other.jsonl"), "{\"ev\":\"pick\"}\n"),
                "not a btrfs-workbench recording");
        assertMessage(Files.writeString(scratch.resolve("newer.jsonl"),
                "{\"rec\":\"header\",\"tool\":\"btrfs-workbench\",\"format\":9}\n"), "format 9 is newer");
        assertMessage(Files.writeString(scratch.resolve("garbage.jsonl"), "\u0000\u0001garbage\n"), "not JSON");
        assertMessage(Files.writeString(scratch.resolve("noframes.jsonl"),
                "{\"rec\":\"header\",\"tool\":\"btrfs-workbench\",\"format\":1}\n"), "without any frame");
        assertFalse(Recording.isRecording(scratch.resolve("other.jsonl")));
        assertTrue(Recording.isRecording(scratch.resolve("newer.jsonl")));
    }

    private static void assertMessage(Path file, String expected) {
        String message = assertThrows(SnapshotException.class, () -> Recording.read(file)).getMessage();
        assertTrue(message.contains(expected), message);
    }
}
