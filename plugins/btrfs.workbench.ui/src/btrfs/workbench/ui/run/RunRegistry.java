package btrfs.workbench.ui.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

import btrfs.workbench.session.run.RunSource;

/**
 * The runs of this session and what the user selected in them (a run, a device); every view
 * listens here, so that selecting a device in one view makes the others follow. Listeners are
 * called on the UI thread.
 */
public final class RunRegistry {

    /** Told on the UI thread; views redraw from the selected run's newest frame. */
    public interface Listener {
        /** New frames (at most 20 a second), or a run added or selected. */
        void changed();
    }

    private static final RunRegistry INSTANCE = new RunRegistry();

    private final List<RunSource> runs = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile RunSource selected;
    private volatile long selectedDevice = -1;
    private volatile long selectedZone = -1;
    /** How many times the frame pump told of new frames (UI thread only). */
    private long frames;

    public static RunRegistry get() {
        return INSTANCE;
    }

    public List<RunSource> runs() {
        return new ArrayList<>(runs);
    }

    /** Adds a run and selects it; a run whose frame changes by itself (a replay) redraws the views. */
    public void add(RunSource run) {
        runs.add(run);
        run.addChangeListener(this::fireLater);
        selected = run;
        selectedDevice = -1;
        fire();
    }

    public RunSource selected() {
        return selected;
    }

    public void select(RunSource run) {
        if (run != selected) {
            selected = run;
            selectedDevice = -1;
            fire();
        }
    }

    /** The devid selected in any view, or -1: views showing one device show this one. */
    public long selectedDevice() {
        return selectedDevice;
    }

    public void selectDevice(long devid) {
        if (devid != selectedDevice || selectedZone != -1) {
            selectedDevice = devid;
            selectedZone = -1;
            fire();
        }
    }

    /** The logical start of the zone selected in any view, or -1. */
    public long selectedZone() {
        return selectedZone;
    }

    /** Selects a zone (and its device): the Pointers view outlines it. */
    public void selectZone(long devid, long zoneStart) {
        if (devid != selectedDevice || zoneStart != selectedZone) {
            selectedDevice = devid;
            selectedZone = zoneStart;
            fire();
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * A run's frame changed by itself (a replay moved on, a remote run's next frame arrived): tells
     * the listeners soon, on the UI thread (from any thread), as a new frame — the table views that
     * take turns ({@code RunView.framePhase}) count a remote run's frames as a local run's.
     */
    void fireLater() {
        Display display = PlatformUI.getWorkbench().getDisplay();
        if (!display.isDisposed()) {
            display.asyncExec(this::fireFrame);
        }
    }

    /** New frames (from the pump, or announced by a run): counts them, then tells every listener; UI thread. */
    void fireFrame() {
        frames++;
        fire();
    }

    /**
     * How many times new frames were told of: views that show every second frame show the even
     * or the odd ones (see {@code RunView.framePhase}).
     */
    public long frames() {
        return frames;
    }

    /** Tells every listener; call on the UI thread. One failing view must not freeze the others. */
    void fire() {
        for (Listener listener : listeners) {
            try {
                listener.changed();
            } catch (RuntimeException e) {
                Problems.log("a live view failed to show a frame", e);
            }
        }
    }
}
