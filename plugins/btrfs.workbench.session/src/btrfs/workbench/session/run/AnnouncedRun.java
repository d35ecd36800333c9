package btrfs.workbench.session.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A run whose frame changes by itself (a replay moving on, a snapshot's queue page arriving) and
 * says so to its listeners, on whatever thread changed it.
 */
public abstract class AnnouncedRun implements RunSource {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Tells every listener that the frame changed. */
    protected final void announce() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public final void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public final void removeChangeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
