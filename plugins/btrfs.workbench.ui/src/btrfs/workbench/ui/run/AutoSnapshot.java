package btrfs.workbench.ui.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.ui.prefs.WorkbenchPreferences;

/**
 * Saves a diagnostic snapshot of a run that ended with read errors, when the preference asks for
 * it: the state an admin would otherwise have to reproduce to send it.
 */
final class AutoSnapshot {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private AutoSnapshot() {
    }

    /** The file written, or null when none was wanted. */
    static Path saveIfWanted(LiveRun run) throws IOException {
        if (!WorkbenchPreferences.autoSnapshotOnError() || !hasErrors(run)) {
            return null;
        }
        Path dir = WorkbenchPreferences.autoSnapshotDir();
        Files.createDirectories(dir);
        Path file = dir.resolve("readahead-" + safe(run.arrayName()) + "-" + LocalDateTime.now().format(STAMP)
                + ".json.gz");
        SnapshotFiles.write(run.snapshot(), file);
        return file;
    }

    private static boolean hasErrors(LiveRun run) {
        return run.controls().stream().map(c -> c.progress()).mapToLong(ControlSnapshot::errors).sum() > 0;
    }

    /** A label as a file name part: letters, digits, dot, dash. */
    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9.-]", "_");
    }
}
