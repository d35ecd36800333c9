package btrfs.workbench.snapshot.record;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.snapshot.ArrayState;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.Snapshots;
import btrfs.workbench.snapshot.trace.TraceWriter;

/**
 * Records a run ({@code readahead --record FILE}): add it as a listener of the engine before the
 * run starts, and it writes every event as it comes and a frame of the run's state (taken from
 * {@code state}) every {@code interval}; {@link #close()} after the run takes the final frame.
 * <p>
 * Taking a frame copies every queue under the engine's lock, which costs time on a run with a
 * huge queue; the recorder then waits ten times as long as the last frame took before taking the
 * next, so that recording never takes more than a tenth of the engine's time.
 */
public final class Recorder implements ReadaheadListener, Closeable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    /** A key frame every so many frames: a replay seeks by going back to the last one. */
    static final int KEY_EVERY = 50;

    private static final int WARM_UP_FRAMES = 5;

    private final TraceWriter out;
    /** A stream to a reader that watches live (stdout): every frame is handed on at once. */
    private final boolean flushFrames;
    private final Supplier<DiagnosticSnapshot> state;
    private volatile Runnable onBroken = () -> {
    };
    private boolean broken;
    private final ScheduledExecutorService sampler;
    private DiagnosticSnapshot last;
    private int frames;
    private long nextFrameAt;
    private boolean closed;

    private Recorder(TraceWriter out, boolean flushFrames, Supplier<DiagnosticSnapshot> state) {
        this.out = out;
        this.flushFrames = flushFrames;
        this.state = state;
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "btrfs-readahead-recorder");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a recording to {@code file} (gzip'ed JSON lines, created or truncated).
     *
     * @param state what the views would show now (see {@link Snapshots#runState}); called on the
     *              recorder's thread
     */
    public static Recorder start(Path file, String toolVersion, ArrayState array, Supplier<DiagnosticSnapshot> state,
            Duration interval) throws IOException {
        TraceWriter out = TraceWriter.to(new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                1 << 16), 1 << 16));
        return start(out, false, toolVersion, array, state, interval);
    }

    /**
     * Starts a recording streamed to {@code stream} ({@code readahead --record -}): the same lines
     * as a file's, not compressed, the header and every frame flushed as soon as written, so
     * that a reader at the other end of a pipe or an SSH connection shows the run as it goes.
     */
    public static Recorder stream(OutputStream stream, String toolVersion, ArrayState array,
            Supplier<DiagnosticSnapshot> state, Duration interval) throws IOException {
        return start(TraceWriter.to(new BufferedOutputStream(stream, 1 << 16)), true, toolVersion, array, state,
                interval);
    }

    private static Recorder start(TraceWriter out, boolean flushFrames, String toolVersion, ArrayState array,
            Supplier<DiagnosticSnapshot> state, Duration interval) {
        out.writeRecord(new RecordingHeader(RecordingHeader.REC, RecordingHeader.FORMAT, DiagnosticSnapshot.TOOL,
                toolVersion, Instant.now().toString(), Snapshots.host(), array));
        if (flushFrames) {
            out.flush();
        }
        Recorder recorder = new Recorder(out, flushFrames, state);
        long period = Math.max(1, interval.toMillis());
        recorder.sampler.scheduleWithFixedDelay(recorder::tick, 0, period, TimeUnit.MILLISECONDS);
        return recorder;
    }

    /**
     * {@code action} runs once, on the recorder's thread, when a write fails: for a stream, its
     * reader went away (the pipe or the SSH connection closed), and the run has no one to show.
     */
    public void onBroken(Runnable action) {
        onBroken = action;
    }

    @Override
    public void onEvent(ReadaheadEvent event) {
        out.onEvent(event);
    }

    private void tick() {
        if (System.nanoTime() >= nextFrameAt) {
            frame();
        }
    }

    /** Takes a frame now. */
    public synchronized void frame() {
        if (closed) {
            return;
        }
        long started = System.nanoTime();
        DiagnosticSnapshot now = state.get();
        out.writeRecord(FrameCodec.encode(frames % KEY_EVERY == 0 ? null : last, now));
        if (flushFrames) {
            out.flush();
        }
        if (out.failed() && !broken) {
            broken = true;
            onBroken.run();
        }
        last = now;
        frames++;
        long took = System.nanoTime() - started;
        // the first frames pay for class loading and JIT: they say nothing about the run's size
        nextFrameAt = frames <= WARM_UP_FRAMES ? 0 : System.nanoTime() + 9 * took;
    }

    /** Frames written so far. */
    public synchronized int frames() {
        return frames;
    }

    /** Stops sampling, writes the final frame and finishes the file. */
    @Override
    public void close() throws IOException {
        sampler.shutdown();
        try {
            sampler.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            frame();
            closed = true;
        }
        out.close();
    }
}
