package btrfs.workbench.ui.run;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.swt.widgets.Display;

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
        for (LiveRun run : RunRegistry.get().runs()) {
            try {
                RunFrame before = run.frame();
                RunFrame after = run.sample();
                changed |= after != before;
            } catch (RuntimeException e) {
                // a periodic task that throws is never run again: log it and keep pumping
                Problems.log("sampling " + run.label() + " failed", e);
            }
        }
        if (changed && !display.isDisposed() && uiPending.compareAndSet(false, true)) {
            display.asyncExec(() -> {
                uiPending.set(false);
                RunRegistry.get().fire();
            });
        }
    }
}
