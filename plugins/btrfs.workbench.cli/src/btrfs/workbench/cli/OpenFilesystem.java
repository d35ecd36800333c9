package btrfs.workbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.DeviceProblem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.metadata.tree.BlockProblem;

/**
 * The filesystem on the DEV... arguments of a command (any order, .zst images unpacked), and the
 * problems found while opening it, reported one line each on stderr.
 */
final class OpenFilesystem implements AutoCloseable {

    private final BtrfsFilesystem filesystem;
    /** What the user typed for each path read (a .zst image is read from its unpacked copy). */
    private final Map<String, String> typed;

    private OpenFilesystem(BtrfsFilesystem filesystem, Map<String, String> typed) {
        this.filesystem = filesystem;
        this.typed = typed;
    }

    /** @throws CliException (exit 2) when no filesystem can be assembled from the devices */
    static OpenFilesystem open(List<String> devices) throws CliException {
        return open(devices, false);
    }

    /**
     * @param direct read with O_DIRECT, bypassing the page cache
     * @throws CliException (exit 2) when no filesystem can be assembled from the devices
     */
    static OpenFilesystem open(List<String> devices, boolean direct) throws CliException {
        if (devices.isEmpty()) {
            throw CliException.usage("no DEV given (all devices or images of the array, any order)");
        }
        List<Path> paths = new ArrayList<>();
        Map<String, String> typed = new HashMap<>();
        for (String device : devices) {
            Path path = Inputs.readable(device);
            paths.add(path);
            typed.put(path.toString(), device);
        }
        return switch (BtrfsFilesystem.openPaths(paths, direct)) {
            case FilesystemOpen.Opened opened -> new OpenFilesystem(opened.filesystem(), typed);
            // one line for the failure, then one per device and why it could not be used
            case FilesystemOpen.Failed failed -> throw new CliException(Cli.BAD_INPUT, failed.reason(),
                    failed.problems().stream().map(MetadataProblem::message).toList());
        };
    }

    BtrfsFilesystem get() {
        return filesystem;
    }

    /** The device as the user named it, or null for a missing device. */
    String displayName(FsDevice device) {
        return device.name().map(name -> typed.getOrDefault(name, name)).orElse(null);
    }

    /**
     * Reports what opening found wrong (missing or stale devices, unreadable trees).
     *
     * @return {@link Cli#FS_ERRORS} if anything was reported, else {@link Cli#OK}
     */
    int reportProblems(PrintStream err) {
        return reportProblems(err, false);
    }

    /**
     * {@link #reportProblems(PrintStream)}; on a {@code live} (mounted) filesystem a device whose
     * superblock is older than the newest is no problem: the kernel writes the superblocks of the
     * devices one after the other at every commit, and opening read them in between.
     */
    int reportProblems(PrintStream err, boolean live) {
        List<MetadataProblem> problems = filesystem.problems().stream()
                .filter(p -> !(live && p instanceof DeviceProblem d && d.kind() == DeviceProblem.Kind.STALE))
                .toList();
        shown(problems).forEach(p -> err.println("btrfs-workbench: " + p.message()));
        return problems.isEmpty() ? Cli.OK : Cli.FS_ERRORS;
    }

    /**
     * One line per problem: a block's copy on a device that is reported missing is that
     * device's problem (its line says so), not one more of its own.
     */
    private List<MetadataProblem> shown(List<MetadataProblem> problems) {
        Set<Long> missing = new HashSet<>();
        filesystem.missingDevices().forEach(d -> missing.add(d.devid()));
        return problems.stream().filter(p -> !(p instanceof BlockProblem b
                && b.kind() == BlockProblem.Kind.DEVICE_MISSING && missing.contains(b.devid()))).toList();
    }

    /** The tree blocks whose problems opening reported: a command does not report them a second time. */
    Set<Long> reportedBlocks() {
        Set<Long> blocks = new HashSet<>();
        for (MetadataProblem p : shown(filesystem.problems())) {
            if (p instanceof BlockProblem b) {
                blocks.add(b.logical());
            }
        }
        return blocks;
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
