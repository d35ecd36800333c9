package btrfs.workbench.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import btrfs.workbench.discovery.system.SysfsBtrfs;
import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.DeviceProblem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.metadata.tree.BlockProblem;

/**
 * An array opened read-only from the devices and images a user named (any order, .zst images
 * unpacked), with what opening found wrong and whether the kernel has it mounted.
 */
public final class OpenArray implements AutoCloseable {

    private final BtrfsFilesystem filesystem;
    /** What the user named for each path read (a .zst image is read from its unpacked copy). */
    private final Map<String, String> named;

    private OpenArray(BtrfsFilesystem filesystem, Map<String, String> named) {
        this.filesystem = filesystem;
        this.named = named;
    }

    /**
     * @param direct read with O_DIRECT, bypassing the page cache
     * @throws SessionException when a path cannot be read or no filesystem can be assembled from
     *                          the devices (a detail line per device that could not be used)
     */
    public static OpenArray open(List<Path> devices, boolean direct) throws SessionException {
        if (devices.isEmpty()) {
            throw new SessionException("no DEV given (all devices or images of the array, any order)");
        }
        List<Path> paths = new ArrayList<>();
        Map<String, String> named = new HashMap<>();
        for (Path device : devices) {
            Path path = DevicePaths.readable(device);
            paths.add(path);
            named.put(path.toString(), device.toString());
        }
        return switch (BtrfsFilesystem.openPaths(paths, direct)) {
            case FilesystemOpen.Opened opened -> new OpenArray(opened.filesystem(), named);
            case FilesystemOpen.Failed failed -> throw new SessionException(failed.reason(),
                    failed.problems().stream().map(MetadataProblem::message).toList(), null);
        };
    }

    public BtrfsFilesystem filesystem() {
        return filesystem;
    }

    /** The label, or the fsid when there is none. */
    public String name() {
        String label = filesystem.superblock().label();
        return label.isEmpty() ? filesystem.superblock().fsid().toString() : label;
    }

    /** The device as the user named it, or null for a missing device. */
    public String displayName(FsDevice device) {
        return device.name().map(name -> named.getOrDefault(name, name)).orElse(null);
    }

    /**
     * Whether the kernel has this filesystem mounted (it is listed in /sys/fs/btrfs): then it may
     * be written while it is read, and blocks rewritten meanwhile are changes, not damage.
     */
    public boolean mounted() {
        UUID fsid = filesystem.superblock().fsid();
        return SysfsBtrfs.list().stream().anyMatch(m -> m.fsid().equals(fsid));
    }

    /**
     * What opening found wrong, one entry per problem the user should hear of. On a {@code live}
     * (mounted) filesystem a device whose superblock is older than the newest is none: the kernel
     * writes the devices' superblocks one after the other at every commit. A block's copy on a
     * device reported missing is that device's problem, not one more of its own.
     */
    public List<MetadataProblem> problems(boolean live) {
        Set<Long> missing = new HashSet<>();
        filesystem.missingDevices().forEach(d -> missing.add(d.devid()));
        return filesystem.problems().stream()
                .filter(p -> !(live && p instanceof DeviceProblem d && d.kind() == DeviceProblem.Kind.STALE))
                .filter(p -> !(p instanceof BlockProblem b && b.kind() == BlockProblem.Kind.DEVICE_MISSING
                        && missing.contains(b.devid())))
                .toList();
    }

    /** The tree blocks whose problems opening reported: a command does not report them again. */
    public Set<Long> reportedBlocks() {
        Set<Long> blocks = new HashSet<>();
        for (MetadataProblem p : problems(false)) {
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
            // read-only descriptors: nothing was written, nothing to lose on a failed close
        }
    }
}
