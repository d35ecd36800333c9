package btrfs.workbench.session.run;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.snapshot.record.Recording;

/**
 * A recorded run played back in the live views ({@code readahead --record FILE}): at 1, 4 or 16
 * times the speed it ran, or frame by frame from the Replay view's slider. Each recorded frame is
 * shown as a {@link SnapshotRun} of the state it rebuilds; the rebuilding happens on the replay's
 * own thread, never on the UI thread.
 */
public final class ReplayRun extends AnnouncedRun implements AutoCloseable {

    /** The speeds offered: times the recorded pace. */
    public static final List<Integer> SPEEDS = List.of(1, 4, 16);

    /** How often the playback head moves: the views redraw at most this often anyway. */
    private static final long TICK_MILLIS = 50;

    private final Recording recording;
    private final Path file;
    private final ScheduledExecutorService clock;
    private final ShownState shown = new ShownState();
    private volatile int index = -1;
    private volatile boolean playing;
    private volatile int speed = 1;
    /** The playback head in engine nanoseconds; only the clock thread moves it. */
    private long head;

    public ReplayRun(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "btrfs-replay-" + file.getFileName());
            t.setDaemon(true);
            return t;
        });
        show(0);
        clock.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    public Recording recording() {
        return recording;
    }

    public int frameCount() {
        return recording.frameCount();
    }

    /** The frame on screen. */
    public int index() {
        return index;
    }

    public boolean isPlaying() {
        return playing;
    }

    public int speed() {
        return speed;
    }

    public void setSpeed(int timesRecorded) {
        if (!SPEEDS.contains(timesRecorded)) {
            throw new IllegalArgumentException("speed " + timesRecorded);
        }
        speed = timesRecorded;
    }

    /** Plays from the frame on screen (from the start if at the end). */
    public void play() {
        clock.execute(() -> {
            if (index >= frameCount() - 1) {
                show(0);
            }
            head = recording.frameTime(index);
            playing = true;
            announce();
        });
    }

    public void pause() {
        playing = false;
        announce();
    }

    /** Shows frame {@code frame} (soon, off the UI thread); playing goes on from there. */
    public void seek(int frame) {
        int target = Math.max(0, Math.min(frame, frameCount() - 1));
        clock.execute(() -> {
            head = recording.frameTime(target);
            show(target);
        });
    }

    private void tick() {
        if (!playing) {
            return;
        }
        head += TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS) * speed;
        int next = recording.frameAt(head);
        if (next != index) {
            show(next);
        }
        if (next >= frameCount() - 1) {
            playing = false; // the end: the final state stays on screen
            announce();
        }
    }

    private void show(int frame) {
        shown.show(recording.state(frame), file);
        index = frame;
        announce();
    }

    @Override
    public String arrayName() {
        return shown.run().arrayName();
    }

    @Override
    public String label() {
        return arrayName() + " (replay " + file.getFileName() + ")";
    }

    @Override
    public RunFrame frame() {
        return shown.run().frame();
    }

    @Override
    public List<BlockGroup> metadataZones(long devid) {
        return shown.run().metadataZones(devid);
    }

    @Override
    public void wantQueue(long devid, int from, int count) {
        shown.wantQueue(devid, from, count);
    }

    @Override
    public String offlineMark() {
        return "replay " + file.getFileName();
    }

    /** Stops the playback clock. */
    @Override
    public void close() {
        playing = false;
        clock.shutdownNow();
    }
}
