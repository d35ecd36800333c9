package btrfs.workbench.cli;

import java.io.IOException;
import java.nio.file.Path;

import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotFiles;

/** Writes a diagnostic snapshot for a command; a file that cannot be written is exit 2 with the reason. */
final class SnapshotOutput {

    private SnapshotOutput() {
    }

    static void write(DiagnosticSnapshot snapshot, Path file) throws CliException {
        try {
            SnapshotFiles.write(snapshot, file);
        } catch (IOException e) {
            throw new CliException(Cli.BAD_INPUT, "cannot write the snapshot " + file + ": " + e.getMessage(), e);
        }
    }
}
