package btrfs.workbench.session.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners of a {@link RunSource} whose frame changes by itself. */
final class ChangeListeners {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    void add(Runnable listener) {
        listeners.add(listener);
    }

    void remove(Runnable listener) {
        listeners.remove(listener);
    }

    void fire() {
        listeners.forEach(Runnable::run);
    }
}
