package btrfs.workbench.ui.prefs;

import java.nio.file.Path;

import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

/**
 * The workbench's preferences (Window > Preferences > Btrfs Workbench), kept in the user's
 * instance scope. Defaults: no automatic snapshots; they go to {@code btrfs-workbench-snapshots}
 * in the user's home when turned on.
 */
public final class WorkbenchPreferences {

    public static final String QUALIFIER = "btrfs.workbench.ui";

    /** Save a diagnostic snapshot when a readahead ends with read errors. */
    public static final String AUTO_SNAPSHOT_ON_ERROR = "autoSnapshotOnError";

    /** Where automatic snapshots are written. */
    public static final String AUTO_SNAPSHOT_DIR = "autoSnapshotDir";

    private static ScopedPreferenceStore store;

    private WorkbenchPreferences() {
    }

    public static synchronized IPreferenceStore store() {
        if (store == null) {
            store = new ScopedPreferenceStore(InstanceScope.INSTANCE, QUALIFIER);
            store.setDefault(AUTO_SNAPSHOT_ON_ERROR, false);
            store.setDefault(AUTO_SNAPSHOT_DIR, defaultSnapshotDir().toString());
        }
        return store;
    }

    public static boolean autoSnapshotOnError() {
        return store().getBoolean(AUTO_SNAPSHOT_ON_ERROR);
    }

    public static Path autoSnapshotDir() {
        String dir = store().getString(AUTO_SNAPSHOT_DIR);
        return dir.isBlank() ? defaultSnapshotDir() : Path.of(dir);
    }

    private static Path defaultSnapshotDir() {
        String home = System.getProperty("user.home");
        if (home == null || home.isBlank() || "?".equals(home)) {
            // no home (a system user): next to the workbench's own state
            return Path.of(Platform.getStateLocation(Platform.getBundle(QUALIFIER)).toOSString(), "snapshots");
        }
        return Path.of(home, "btrfs-workbench-snapshots");
    }
}
