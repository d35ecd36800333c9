package btrfs.workbench.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.snapshot.Snapshots;

/**
 * {@code snapshot DEV... --out FILE}: the array's static state (superblock summary, devices,
 * metadata chunk map) as a diagnostic snapshot, without a readahead; opened offline later.
 */
final class SnapshotCommand implements Command {

    private final String version;

    SnapshotCommand(String version) {
        this.version = version;
    }

    @Override
    public String name() {
        return "snapshot";
    }

    @Override
    public String usage() {
        return "DEV... --out FILE  save the array's state as a diagnostic snapshot (JSON; .gz compresses)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CliException {
        List<String> devices = new ArrayList<>(args);
        String file = Options.take(devices, "--out");
        if (file == null) {
            throw CliException.usage("snapshot needs --out FILE");
        }
        Options.rejectUnknown(devices);
        try (OpenFilesystem fs = OpenFilesystem.open(devices)) {
            int exit = fs.reportProblems(err);
            SnapshotOutput.write(Snapshots.ofArray(version, fs.get()), Path.of(file));
            out.println("wrote " + file);
            return exit;
        }
    }
}
