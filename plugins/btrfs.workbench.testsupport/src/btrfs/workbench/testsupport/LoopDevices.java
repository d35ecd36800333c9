package btrfs.workbench.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.opentest4j.AssertionFailedError;

/**
 * Loop devices and mounts a root-only test sets up; {@link #close()} unmounts and detaches all of
 * them. A step the machine cannot do (no loop devices, no btrfs module) aborts the test as
 * skipped instead of failing it.
 */
public final class LoopDevices implements AutoCloseable {

    private final List<Path> loops = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();

    /** Skips the calling test unless it runs as root with losetup. */
    public static LoopDevices forRootTest() {
        assumeTrue(SystemCommands.isRoot(), "needs root for loop devices");
        assumeTrue(SystemCommands.run("losetup", "--version").ok(), "needs losetup");
        return new LoopDevices();
    }

    /** Attaches {@code image} ({@code -r}: read-only when asked) and returns the node, e.g. /dev/loop3. */
    public Path attach(Path image, boolean readOnly) {
        SystemCommands.Result attached = readOnly
                ? SystemCommands.run("losetup", "--find", "--show", "-r", image.toString())
                : SystemCommands.run("losetup", "--find", "--show", image.toString());
        assumeTrue(attached.ok() && attached.output().startsWith("/dev/loop"),
                () -> "cannot attach a loop device: " + attached.output());
        Path node = Path.of(attached.output());
        loops.add(node);
        return node;
    }

    /** Copies of an array's images and the loop devices they are attached to, in devid order. */
    public record AttachedCopies(List<Path> images, List<Path> loops) {
    }

    /**
     * Copies every image of {@code array} into {@code dir} and attaches each copy read-write, for
     * tests that mount the array (a mount may write; the committed images stay untouched).
     */
    public AttachedCopies attachCopies(TestArray array, Path dir) throws IOException {
        List<Path> images = new ArrayList<>();
        List<Path> nodes = new ArrayList<>();
        for (Path image : array.unpackedImages()) {
            images.add(Files.copy(image, dir.resolve(image.getFileName())));
            nodes.add(attach(images.getLast(), false));
        }
        return new AttachedCopies(List.copyOf(images), List.copyOf(nodes));
    }

    /** Mounts btrfs from {@code devices} (all members) at {@code mountPoint} with {@code options}. */
    public void mountBtrfs(List<Path> devices, Path mountPoint, String options) {
        StringBuilder all = new StringBuilder(options);
        devices.forEach(d -> all.append(",device=").append(d));
        SystemCommands.Result mounted = SystemCommands.run("mount", "-t", "btrfs", "-o", all.toString(),
                devices.get(0).toString(), mountPoint.toString());
        assumeTrue(mounted.ok(), () -> "cannot mount btrfs here: " + mounted.output());
        mounts.add(mountPoint);
    }

    /** Unmounts {@code mountPoint} before {@link #close()} (e.g. to check the filesystem); true if it worked. */
    public boolean unmount(Path mountPoint) {
        if (!mounts.contains(mountPoint)) {
            return false;
        }
        boolean ok = SystemCommands.run("umount", mountPoint.toString()).ok();
        if (ok) {
            mounts.remove(mountPoint);
        }
        return ok;
    }

    @Override
    public void close() {
        List<String> failures = new ArrayList<>();
        for (Path mountPoint : mounts.reversed()) {
            SystemCommands.Result r = SystemCommands.run("umount", mountPoint.toString());
            if (!r.ok() && !SystemCommands.run("umount", "-l", mountPoint.toString()).ok()) {
                failures.add("umount " + mountPoint + ": " + r.output());
            }
        }
        for (Path loop : loops) {
            SystemCommands.Result r = SystemCommands.run("losetup", "-d", loop.toString());
            if (!r.ok()) {
                failures.add("losetup -d " + loop + ": " + r.output());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionFailedError("cleaning up: " + failures);
        }
    }
}
