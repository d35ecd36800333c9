package btrfs.workbench.bench.array;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.testsupport.Loops;

/**
 * A built array attached read-only for measuring: its loop devices and, read once, the byte
 * ranges of its tree-block block groups per device.
 *
 * @param mode    how the loop devices read the images
 * @param array   the array
 * @param devices its loop devices, in image order
 * @param ranges  per loop device the ranges the limit reads (every copy)
 * @param floor   per loop device the ranges the one-copy limit reads
 */
public record AttachedArray(BuiltArray array, LoopMode mode, List<Path> devices, Map<Path, List<DeviceRange>> ranges,
        Map<Path, List<DeviceRange>> floor) {

    /** Attaches every image read-only through {@code loops} (which detaches them when closed). */
    public static AttachedArray attach(BuiltArray array, LoopMode mode, Loops loops) throws BenchException {
        List<Path> devices = new ArrayList<>();
        for (Path image : array.images()) {
            devices.add(loops.attach(image, mode.access()));
        }
        FilesystemOpen opened = BtrfsFilesystem.openPaths(devices);
        if (!(opened instanceof FilesystemOpen.Opened ok)) {
            throw new BenchException(array.spec().name() + " does not open from " + devices + ": "
                    + ((FilesystemOpen.Failed) opened).reason());
        }
        try (BtrfsFilesystem fs = ok.filesystem()) {
            return new AttachedArray(array, mode, List.copyOf(devices), MetadataRanges.of(fs),
                    MetadataRanges.oneCopy(fs));
        } catch (IOException e) {
            throw new BenchException("closing " + devices + ": " + e.getMessage(), e);
        }
    }

    /** The array's name, with the loop mode's suffix: how the results name it. */
    public String name() {
        return name(array.spec(), mode);
    }

    /** How the results name {@code spec} attached in {@code mode}. */
    public static String name(ArraySpec spec, LoopMode mode) {
        return spec.name() + mode.suffix();
    }
}
