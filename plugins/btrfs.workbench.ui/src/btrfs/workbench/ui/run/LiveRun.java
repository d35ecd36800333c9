package btrfs.workbench.ui.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.FrameworkUtil;

import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.Snapshots;

/**
 * A readahead started from the GUI: its controls on the array's shared engine
 * ({@link ArraySession}), sampled into {@link RunFrame}s by the {@link FramePump}. Once
 * finished, its last frame stays on screen and the session is released.
 */
public final class LiveRun implements RunSource, AutoCloseable {

    private final LaunchSettings settings;
    private final ArraySession session;
    private final List<ReadaheadControl> controls;
    private final long started = System.nanoTime();
    private volatile long finishedAfter = -1;
    private volatile RunFrame last;
    private volatile boolean closed;
    /** The queue page the Extent queue view wants: devid, from, count. */
    private volatile long[] queueWanted = { -1, 0, 0 };
    /** The recording of the run, while it is written; null when none was asked for or it is done. */
    private RunRecording recording;

    private LiveRun(LaunchSettings settings, ArraySession session, List<ReadaheadControl> controls,
            RunRecording recording) {
        this.settings = settings;
        this.session = session;
        this.controls = List.copyOf(controls);
        this.recording = recording;
        // the run's time ends when its last control does, not when someone next looks
        CompletableFuture.allOf(this.controls.stream().map(ReadaheadControl::completion)
                .toArray(CompletableFuture[]::new)).thenRun(() -> finishedAfter = System.nanoTime() - started);
    }

    /**
     * Opens the array read-only (or joins its open session) and starts one control per tree.
     *
     * @throws IOException with a message for the user when the array cannot be opened
     */
    public static LiveRun start(LaunchSettings settings) throws IOException {
        ArraySession session = ArraySession.acquire(settings);
        AtomicReference<List<ReadaheadControl>> added = new AtomicReference<>(List.of());
        RunRecording recording = null;
        if (settings.record() != null) {
            try {
                recording = RunRecording.start(settings.record(), session, added::get);
            } catch (IOException e) {
                session.release();
                throw e;
            }
        }
        List<ReadaheadControl> controls = session.engine().add(settings.trees(), settings.start(), settings.end(),
                settings.following());
        added.set(controls);
        LiveRun live = new LiveRun(settings, session, controls, recording);
        live.sample();
        return live;
    }

    public LaunchSettings settings() {
        return settings;
    }

    @Override
    public String arrayName() {
        return settings.arrayName();
    }

    @Override
    public String label() {
        return settings.arrayName() + ": " + String.join(", ", settings.trees().stream().map(t -> t.name()).toList());
    }

    public ReadaheadEngine engine() {
        return session.engine().engine();
    }

    /** This run's controls, one per tree. */
    public List<ReadaheadControl> controls() {
        return controls;
    }

    public boolean isFinished() {
        return controls.stream().allMatch(ReadaheadControl::isDone);
    }

    /** btrfs_reada_wait for every control of this run; returns their final progress. */
    public List<ControlSnapshot> await() throws InterruptedException {
        List<ControlSnapshot> finals = new ArrayList<>();
        for (ReadaheadControl control : controls) {
            finals.add(control.waitFor());
        }
        return finals;
    }

    /** Nanoseconds from the launch until the last control finished (until now while running). */
    public long elapsedNanos() {
        long finished = finishedAfter;
        return finished >= 0 ? finished : System.nanoTime() - started;
    }

    @Override
    public List<BlockGroup> metadataZones(long devid) {
        return session.metadataZones(devid);
    }

    /** Takes a new frame (off the UI thread); after the run finished, the final one once more. */
    RunFrame sample() {
        RunFrame frame = last;
        if (frame != null && frame.finished() || closed) {
            return frame;
        }
        boolean finished = isFinished();
        EngineSnapshot engine = engine().snapshot();
        session.throughput().add(engine);
        List<ControlSnapshot> progress = controls.stream().map(ReadaheadControl::progress).toList();
        frame = new RunFrame(engine, progress, session.throughput().snapshot(), queuePage(), session.heat().snapshot(),
                elapsedNanos(), finished);
        last = frame;
        return frame;
    }

    /**
     * Asks the pump to include positions {@code from .. from + count - 1} of device
     * {@code devid}'s queue in the next frames (the rows a virtual table shows).
     */
    @Override
    public void wantQueue(long devid, int from, int count) {
        queueWanted = new long[] { devid, from, count };
    }

    private QueuePage queuePage() {
        long[] wanted = queueWanted;
        if (wanted[0] < 0 || wanted[2] <= 0) {
            return QueuePage.NONE;
        }
        int from = (int) wanted[1];
        return new QueuePage(wanted[0], from, engine().queue(wanted[0], from, (int) wanted[2]));
    }

    @Override
    public RunFrame frame() {
        return last;
    }

    /** A diagnostic snapshot of this run now: array, engine, whole queues, controls, throughput, heatmap. */
    public DiagnosticSnapshot snapshot() {
        return Snapshots.ofRun(toolVersion(), session.filesystem(), engine(), controls, session.throughput().snapshot(),
                session.heat().snapshot());
    }

    /** The workbench's version, as snapshots and recordings name the tool that wrote them. */
    static String toolVersion() {
        return FrameworkUtil.getBundle(LiveRun.class).getVersion().toString();
    }

    /**
     * Completes the recording, if the run has one (after the run, before {@link #close()}).
     *
     * @return the recording's file, or null without one
     * @throws IOException when the file could not be completed
     */
    public synchronized Path finishRecording() throws IOException {
        RunRecording r = recording;
        recording = null;
        if (r == null) {
            return null;
        }
        r.finish();
        return r.file();
    }

    public void cancel() {
        controls.forEach(ReadaheadControl::cancel);
    }

    /** Takes the final frame and lets go of the array (its session closes when no run uses it). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        sample();
        closed = true;
        session.release();
    }
}
