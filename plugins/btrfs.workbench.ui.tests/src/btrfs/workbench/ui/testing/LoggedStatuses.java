package btrfs.workbench.ui.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;

/**
 * What the workbench's UI bundle writes to the platform log (the Error Log view's source) while
 * open: {@code try (LoggedStatuses logged = LoggedStatuses.listen()) { ... logged.all() ... }}.
 */
public final class LoggedStatuses implements AutoCloseable {

    private static final String PLUGIN = "btrfs.workbench.ui";

    private final List<IStatus> statuses = new CopyOnWriteArrayList<>();
    private final ILogListener listener = (status, plugin) -> {
        if (PLUGIN.equals(status.getPlugin())) {
            statuses.add(status);
        }
    };

    private LoggedStatuses() {
    }

    public static LoggedStatuses listen() {
        LoggedStatuses logged = new LoggedStatuses();
        Platform.addLogListener(logged.listener);
        return logged;
    }

    /** Every status logged so far, oldest first (a live, thread-safe list). */
    public List<IStatus> all() {
        return statuses;
    }

    @Override
    public void close() {
        Platform.removeLogListener(listener);
    }
}
