package btrfs.workbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;

/**
 * The filesystem on the DEV... arguments of a command (any order, .zst images unpacked), and the
 * problems found while opening it, reported one line each on stderr.
 */
final class OpenFilesystem implements AutoCloseable {

    private final BtrfsFilesystem filesystem;

    private OpenFilesystem(BtrfsFilesystem filesystem) {
        this.filesystem = filesystem;
    }

    /** @throws CliException (exit 2) when no filesystem can be assembled from the devices */
    static OpenFilesystem open(List<String> devices) throws CliException {
        if (devices.isEmpty()) {
            throw CliException.usage("no DEV given (all devices or images of the array, any order)");
        }
        List<Path> paths = new ArrayList<>();
        for (String device : devices) {
            paths.add(Inputs.readable(device));
        }
        return switch (BtrfsFilesystem.openPaths(paths)) {
            case FilesystemOpen.Opened opened -> new OpenFilesystem(opened.filesystem());
            case FilesystemOpen.Failed failed -> throw new CliException(Cli.BAD_INPUT, failed.reason()
                    + failed.problems().stream().map(p -> "; " + p.message()).reduce("", String::concat));
        };
    }

    BtrfsFilesystem get() {
        return filesystem;
    }

    /**
     * Reports what opening found wrong (missing or stale devices, unreadable trees).
     *
     * @return {@link Cli#FS_ERRORS} if anything was reported, else {@link Cli#OK}
     */
    int reportProblems(PrintStream err) {
        List<MetadataProblem> problems = filesystem.problems();
        problems.forEach(p -> err.println("btrfs-workbench: " + p.message()));
        return problems.isEmpty() ? Cli.OK : Cli.FS_ERRORS;
    }

    @Override
    public void close() {
        try {
            filesystem.close();
        } catch (IOException e) {
            // Read-only descriptors: nothing was written, nothing to lose on a failed close.
        }
    }
}
