package btrfs.workbench.ui;

import java.nio.file.Path;
import java.util.List;

/** The paths the Arrays view scans: set once from the command line, changed by tests and actions. */
public final class ScanTargets {

    private static volatile List<Path> paths = List.of();

    private ScanTargets() {
    }

    public static List<Path> get() {
        return paths;
    }

    public static void set(List<Path> newPaths) {
        paths = List.copyOf(newPaths);
    }
}
