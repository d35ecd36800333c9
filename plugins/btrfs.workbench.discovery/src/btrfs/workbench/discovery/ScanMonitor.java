package btrfs.workbench.discovery;

import java.nio.file.Path;

/** Progress and cancel for a scan; the UI adapts an Eclipse progress monitor to it. */
public interface ScanMonitor {

    ScanMonitor NONE = new ScanMonitor() {
    };

    default void scanning(Path path) {
    }

    default boolean isCanceled() {
        return false;
    }
}
