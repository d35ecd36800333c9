package btrfs.workbench.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

import btrfs.workbench.snapshot.Snapshots;

/**
 * {@code snapshot DEV... --out FILE}: the array's static state (superblock summary, devices,
 * metadata chunk map) as a diagnostic snapshot, without a readahead; opened offline later.
 */
@Command(name = "snapshot", description = "save the array's state as a diagnostic snapshot (JSON; .gz compresses)")
final class SnapshotCommand extends CliCommand {

    @Option(names = "--out", paramLabel = "FILE", description = "the snapshot file (.json or .json.gz)")
    Path file;

    @Mixin
    ArrayDevices array = new ArrayDevices();

    private final String version;

    SnapshotCommand(Io io, String version) {
        super(io);
        this.version = version;
    }

    @Override
    int run(PrintStream out, PrintStream err) throws CliException {
        if (file == null) {
            throw CliException.usage("snapshot needs --out FILE");
        }
        try (OpenFilesystem fs = OpenFilesystem.open(array.devices)) {
            int exit = fs.reportProblems(err);
            SnapshotOutput.write(Snapshots.ofArray(version, fs.get()), file);
            out.println("wrote " + file);
            return exit;
        }
    }
}
