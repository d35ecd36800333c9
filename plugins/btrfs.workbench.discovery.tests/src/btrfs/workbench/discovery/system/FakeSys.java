package btrfs.workbench.discovery.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code /sys} of a made-up machine, laid out as the kernel lays it out: {@code class/block/<name>}
 * is a relative link into {@code devices/}, where a partition's directory is inside its disk's.
 */
final class FakeSys {

    final Path root;

    FakeSys(Path root) {
        this.root = root;
    }

    Path classBlock() {
        return root.resolve("class/block");
    }

    /** A disk on {@code bus} (a path below devices/), with the attributes every disk has; its directory. */
    Path disk(String bus, String name, String dev, long sectors, int rotational) {
        Path dir = root.resolve("devices").resolve(bus).resolve("block").resolve(name);
        attributes(dir, dev, sectors);
        write(dir.resolve("queue/rotational"), rotational + "\n");
        link(name, dir);
        return dir;
    }

    Path partition(Path disk, String name, String dev, long sectors) {
        Path dir = disk.resolve(name);
        attributes(dir, dev, sectors);
        write(dir.resolve("partition"), name.replaceAll("^.*?(\\d+)$", "$1") + "\n");
        link(name, dir);
        return dir;
    }

    /** An attached loop device, or an empty slot when {@code backingFile} is null. */
    Path loop(int number, String backingFile, boolean readOnly) {
        Path dir = disk("virtual", "loop" + number, "7:" + number, backingFile == null ? 0 : 2048, 1);
        write(dir.resolve("ro"), readOnly ? "1\n" : "0\n");
        if (backingFile != null) {
            write(dir.resolve("loop/backing_file"), backingFile + "\n");
        }
        return dir;
    }

    private static void attributes(Path dir, String dev, long sectors) {
        write(dir.resolve("dev"), dev + "\n");
        write(dir.resolve("size"), sectors + "\n");
        write(dir.resolve("ro"), "0\n");
    }

    /** {@code class/block/<name> -> ../../devices/...}, relative as in the kernel's sysfs. */
    void link(String name, Path target) {
        try {
            Path link = classBlock().resolve(name);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
