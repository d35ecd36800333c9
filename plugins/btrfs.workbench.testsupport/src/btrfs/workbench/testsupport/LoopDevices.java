package btrfs.workbench.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * {@link Loops} for a root-only test: a step the machine cannot do (no loop devices, no btrfs
 * module) aborts the test as skipped instead of failing it; {@link #close()} unmounts and detaches
 * everything, and a failure to do so fails the test.
 */
public final class LoopDevices implements AutoCloseable {

    private final Loops loops = new Loops(SystemCommands.plain());

    private LoopDevices() {
    }

    /** Skips the calling test unless it runs as root with losetup. */
    public static LoopDevices forRootTest() {
        assumeTrue(SystemCommands.isRoot(), "needs root for loop devices");
        assumeTrue(SystemCommands.run("losetup", "--version").ok(), "needs losetup");
        return new LoopDevices();
    }

    /** Attaches {@code image} ({@code -r}: read-only when asked) and returns the node, e.g. /dev/loop3. */
    public Path attach(Path image, boolean readOnly) {
        try {
            return loops.attach(image, readOnly ? Loops.Access.READ_ONLY : Loops.Access.READ_WRITE);
        } catch (CommandException e) {
            return Assumptions.abort("cannot attach a loop device: " + e.getMessage());
        }
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
        try {
            loops.mount(devices, mountPoint, options);
        } catch (CommandException e) {
            Assumptions.abort("cannot mount btrfs here: " + e.getMessage());
        }
    }

    /** Unmounts {@code mountPoint} before {@link #close()} (e.g. to check the filesystem); true if it worked. */
    public boolean unmount(Path mountPoint) {
        return loops.unmount(mountPoint);
    }

    @Override
    public void close() {
        try {
            loops.close();
        } catch (CommandException e) {
            throw new AssertionFailedError(e.getMessage(), e);
        }
    }
}
