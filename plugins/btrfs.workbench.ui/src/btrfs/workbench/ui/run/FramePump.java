package btrfs.workbench.ui.run;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.swt.widgets.Display;

import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.session.run.RunFrame;
import btrfs.workbench.session.run.RunSource;

/**
 * Samples every unfinished run 20 times a second on its own thread and tells the views on the UI
 * thread. Coalesced: while the UI has not taken the last notification no new one is queued, so a
 * busy UI thread skips frames instead of piling them up, and it never waits for the engine
 * (snapshots are taken here, not there).
 */
public final class FramePump {

    /** 20 refreshes a second at most. */
    static final long PERIOD_MS = 50;

    private static FramePump instance;

    private final Display display;
    private final ScheduledExecutorService sampler;
    private final AtomicBoolean uiPending = new AtomicBoolean();
    /** Per run the frame the views were last told of (only the sampler thread uses it). */
    private final Map<LiveRun, RunFrame> delivered = new WeakHashMap<>();

    private FramePump(Display display) {
        this.display = display;
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "readahead-frame-pump");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sampleAll, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** Starts the pump for the workbench's display (once). */
    public static synchronized void start(Display display) {
        if (instance == null) {
            instance = new FramePump(display);
        }
    }

    public static synchronized void stop() {
        if (instance != null) {
            instance.sampler.shutdownNow();
            instance = null;
        }
    }

    private void sampleAll() {
        boolean changed = false;
        for (RunSource source : RunRegistry.get().runs()) {
            if (!(source instanceof LiveRun run)) {
                continue; // a snapshot does not change
            }
            try {
                // compared with what the views were last told, not with run.frame(): the run's
                // own thread may have taken its final frame itself (on close)
                RunFrame sampled = run.sample();
                changed |= delivered.put(run, sampled) != sampled;
            } catch (RuntimeException e) {
                // a periodic task that throws is never run again: log it and keep pumping
                Problems.log("sampling " + run.label() + " failed", e);
            }
        }
        if (changed && !display.isDisposed() && uiPending.compareAndSet(false, true)) {
            display.asyncExec(() -> {
                uiPending.set(false);
                RunRegistry.get().fireFrame();
            });
        }
    }
}
