package btrfs.workbench.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.session.OpenArray;
import btrfs.workbench.session.SessionException;

/**
 * The filesystem on the DEV... arguments of a command (any order, .zst images unpacked), and the
 * problems found while opening it, reported one line each on stderr.
 */
final class OpenFilesystem implements AutoCloseable {

    private final OpenArray array;
    private final boolean owned;

    private OpenFilesystem(OpenArray array, boolean owned) {
        this.array = array;
        this.owned = owned;
    }

    /** @throws CliException (exit 2) when no filesystem can be assembled from the devices */
    static OpenFilesystem open(List<String> devices) throws CliException {
        List<Path> paths = new ArrayList<>();
        for (String device : devices) {
            paths.add(Inputs.toPath(device));
        }
        try {
            return new OpenFilesystem(OpenArray.open(paths, false), true);
        } catch (SessionException e) {
            throw CliException.of(e);
        }
    }

    /** An array a readahead session opened: reported here, closed by the session. */
    static OpenFilesystem of(OpenArray array) {
        return new OpenFilesystem(array, false);
    }

    BtrfsFilesystem get() {
        return array.filesystem();
    }

    /** The device as the user named it, or null for a missing device. */
    String displayName(FsDevice device) {
        return array.displayName(device);
    }

    /**
     * Reports what opening found wrong (missing or stale devices, unreadable trees).
     *
     * @return {@link Cli#FS_ERRORS} if anything was reported, else {@link Cli#OK}
     */
    int reportProblems(PrintStream err) {
        return reportProblems(err, false);
    }

    /** {@link #reportProblems(PrintStream)} of a mounted ({@code live}) filesystem: see {@link OpenArray#problems}. */
    int reportProblems(PrintStream err, boolean live) {
        List<MetadataProblem> problems = array.problems(live);
        problems.forEach(p -> err.println("btrfs-workbench: " + p.message()));
        return problems.isEmpty() ? Cli.OK : Cli.FS_ERRORS;
    }

    /** The tree blocks whose problems opening reported: a command does not report them a second time. */
    Set<Long> reportedBlocks() {
        return array.reportedBlocks();
    }

    @Override
    public void close() {
        if (owned) {
            array.close();
        }
    }
}
