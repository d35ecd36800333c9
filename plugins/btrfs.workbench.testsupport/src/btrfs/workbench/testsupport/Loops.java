package btrfs.workbench.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Loop devices over image files, and btrfs mounts of them; {@link #close()} unmounts and detaches
 * everything this instance set up, also after a failure, so that no loop device outlives its
 * user. The one implementation behind the root-only tests ({@link LoopDevices}) and the cold-cache
 * benchmark; uses no JUnit. Only ever attaches image files: never a real disk.
 */
public final class Loops implements AutoCloseable {

    /** How an image is attached. */
    public enum Access {
        /** For mkfs and the kernel to write the filesystem. */
        READ_WRITE("losetup", "--find", "--show"),
        /** {@code -r}: nothing can write through the device. */
        READ_ONLY("losetup", "--find", "--show", "-r"),
        /**
         * Read-only with direct I/O on the backing file: the image's own page cache never answers
         * for the loop device, so it behaves like a disk and dropping the caches really makes it cold.
         */
        READ_ONLY_DIRECT("losetup", "--find", "--show", "-r", "--direct-io=on");

        private final List<String> command;

        Access(String... command) {
            this.command = List.of(command);
        }

        String[] command(Path image) {
            return Stream.concat(command.stream(), Stream.of(image.toString())).toArray(String[]::new);
        }
    }

    private static final Duration TOOL = Duration.ofMinutes(2);
    /** Writing back a large filesystem on umount takes a while. */
    private static final Duration UNMOUNT = Duration.ofMinutes(10);

    /** Instances not yet closed: a run stopped with Ctrl-C still detaches its loop devices on the way out. */
    private static final Set<Loops> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Loops::closeOpen, "loops-cleanup"));
    }

    private final SystemCommands commands;
    private final List<Path> attached = new ArrayList<>();
    private final List<Path> mounted = new ArrayList<>();

    public Loops(SystemCommands commands) {
        this.commands = commands;
        OPEN.add(this);
    }

    private static void closeOpen() {
        for (Loops loops : OPEN) {
            try {
                loops.close();
            } catch (CommandException e) {
                System.err.println("btrfs-workbench: " + e.getMessage());
            }
        }
    }

    /** Attaches {@code image} and returns its node, e.g. {@code /dev/loop3}. */
    public synchronized Path attach(Path image, Access access) {
        String node = commands.check(TOOL, access.command(image)).output().trim();
        if (!node.startsWith("/dev/loop")) {
            throw new CommandException("losetup gave no loop device for " + image + ": " + node);
        }
        attached.add(Path.of(node));
        return Path.of(node);
    }

    /** Waits until udev probed the new devices, so that its reads do not mix with what follows. */
    public void settle() {
        try {
            commands.run(TOOL, "udevadm", "settle");
        } catch (CommandException e) {
            // no udevadm: no udev either (a container), so nothing probes the devices
        }
    }

    /** Mounts the btrfs on {@code devices} (all members) at {@code mountPoint}. */
    public synchronized void mount(List<Path> devices, Path mountPoint, String options) {
        StringBuilder all = new StringBuilder(options);
        devices.forEach(d -> all.append(",device=").append(d));
        commands.check(TOOL, "mount", "-t", "btrfs", "-o", all.toString(), devices.get(0).toString(),
                mountPoint.toString());
        mounted.add(mountPoint);
    }

    /** Unmounts {@code mountPoint} before {@link #close()} (e.g. to check the filesystem); true if it worked. */
    public synchronized boolean unmount(Path mountPoint) {
        if (!mounted.contains(mountPoint) || !commands.run(UNMOUNT, "umount", mountPoint.toString()).ok()) {
            return false;
        }
        mounted.remove(mountPoint);
        return true;
    }

    /** Unmounts everything this instance mounted (writing it back); a failure is an exception here. */
    public synchronized void unmountAll() {
        for (Path mountPoint : mounted.reversed()) {
            commands.check(UNMOUNT, "umount", mountPoint.toString());
        }
        mounted.clear();
    }

    /**
     * Unmounts and detaches what a run killed half-way left behind in {@code dir}: a mount at
     * {@code dir/mnt}, loop devices on its images.
     */
    public void releaseLeftovers(Path dir) throws IOException {
        Path mnt = dir.resolve("mnt");
        if (Files.isDirectory(mnt) && commands.run(TOOL, "mountpoint", "-q", mnt.toString()).ok()) {
            commands.run(TOOL, "umount", "-l", mnt.toString());
        }
        List<Path> images;
        try (Stream<Path> files = Files.list(dir)) {
            images = files.filter(p -> p.toString().endsWith(".img")).toList();
        }
        for (Path image : images) {
            String loops = commands.run(TOOL, "losetup", "-n", "-O", "NAME", "-j", image.toString()).output();
            for (String loop : loops.lines().map(String::trim).filter(l -> !l.isEmpty()).toList()) {
                detach(Path.of(loop));
            }
        }
    }

    /** @return whether the loop device is gone */
    private boolean detach(Path loop) {
        forget(loop);
        return commands.run(TOOL, "losetup", "-d", loop.toString()).ok();
    }

    /** The kernel remembers scanned btrfs devices by path: forget ours before the node is reused. */
    private void forget(Path loop) {
        try {
            commands.run(TOOL, "btrfs", "device", "scan", "--forget", loop.toString());
        } catch (CommandException e) {
            // no btrfs-progs (a test of plain loop devices): nothing was scanned either
        }
    }

    /** Unmounts (lazily if it must) and detaches everything; what could not be released is an exception. */
    @Override
    public synchronized void close() {
        OPEN.remove(this);
        List<String> failures = new ArrayList<>();
        for (Path mountPoint : mounted.reversed()) {
            if (!commands.run(UNMOUNT, "umount", mountPoint.toString()).ok()
                    && !commands.run(TOOL, "umount", "-l", mountPoint.toString()).ok()) {
                failures.add("umount " + mountPoint);
            }
        }
        mounted.clear();
        for (Path loop : attached) {
            if (!detach(loop)) {
                failures.add("losetup -d " + loop);
            }
        }
        attached.clear();
        if (!failures.isEmpty()) {
            throw new CommandException("cleaning up failed: " + String.join(", ", failures));
        }
    }
}
