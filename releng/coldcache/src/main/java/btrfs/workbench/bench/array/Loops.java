package btrfs.workbench.bench.array;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.bench.system.Commands;

/**
 * Loop devices and mounts the benchmark set up; {@link #close()} unmounts and detaches all of
 * them, also after a failure, so that no loop device outlives the run.
 */
public final class Loops implements AutoCloseable {

    private static final Duration TOOL = Duration.ofMinutes(2);

    /** Instances not yet closed: a run stopped with Ctrl-C still detaches its loop devices on the way out. */
    private static final Set<Loops> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Loops::closeOpen, "bench-loops-cleanup"));
    }

    private final Commands commands;
    private final List<Path> attached = new ArrayList<>();
    private final List<Path> mounted = new ArrayList<>();

    public Loops(Commands commands) {
        this.commands = commands;
        OPEN.add(this);
    }

    private static void closeOpen() {
        for (Loops loops : OPEN) {
            try {
                loops.close();
            } catch (BenchException e) {
                System.err.println("btrfs-workbench: " + e.getMessage());
            }
        }
    }

    /** Attaches {@code image} read-write, for mkfs and the kernel to write the array. */
    Path attachForWriting(Path image) throws BenchException {
        return attach(image, "losetup", "--find", "--show", image.toString());
    }

    /**
     * Attaches {@code image} read-only ({@code -r}) with direct I/O on the backing file: the
     * image's own page cache never answers for the loop device, so a loop device behaves like a
     * disk and dropping the caches really makes it cold.
     */
    public Path attachForMeasuring(Path image) throws BenchException {
        return attach(image, "losetup", "--find", "--show", "-r", "--direct-io=on", image.toString());
    }

    private synchronized Path attach(Path image, String... command) throws BenchException {
        String node = commands.check(TOOL, command).output().trim();
        if (!node.startsWith("/dev/loop")) {
            throw new BenchException("losetup gave no loop device for " + image + ": " + node);
        }
        attached.add(Path.of(node));
        return Path.of(node);
    }

    /** Waits until udev probed the new devices, so its reads do not mix with a measurement. */
    public void settle() throws BenchException {
        try {
            commands.run(TOOL, "udevadm", "settle");
        } catch (BenchException e) {
            // no udevadm: no udev either (a container), so nothing probes the devices
        }
    }

    /** Mounts the btrfs on {@code devices} (all members) at {@code mountPoint}. */
    synchronized void mount(List<Path> devices, Path mountPoint, String options) throws BenchException {
        StringBuilder all = new StringBuilder(options);
        devices.forEach(d -> all.append(",device=").append(d));
        commands.check(TOOL, "mount", "-t", "btrfs", "-o", all.toString(), devices.get(0).toString(),
                mountPoint.toString());
        mounted.add(mountPoint);
    }

    /** Unmounts what this instance mounted (writes everything back); failures are exceptions here. */
    synchronized void unmountAll() throws BenchException {
        for (Path mountPoint : mounted.reversed()) {
            commands.check(Duration.ofMinutes(10), "umount", mountPoint.toString());
        }
        mounted.clear();
    }

    /**
     * Unmounts and detaches what a run killed half-way left behind in {@code dir}: a mount at
     * {@code dir/mnt}, loop devices on its images.
     */
    void releaseLeftovers(Path dir) throws BenchException {
        Path mnt = dir.resolve("mnt");
        if (Files.isDirectory(mnt) && commands.run(TOOL, "mountpoint", "-q", mnt.toString()).ok()) {
            commands.run(TOOL, "umount", "-l", mnt.toString());
        }
        try (var images = Files.list(dir)) {
            for (Path image : images.filter(p -> p.toString().endsWith(".img")).toList()) {
                String loops = commands.run(TOOL, "losetup", "-n", "-O", "NAME", "-j", image.toString()).output();
                for (String loop : loops.lines().map(String::trim).filter(l -> !l.isEmpty()).toList()) {
                    detach(Path.of(loop));
                }
            }
        } catch (IOException e) {
            throw new BenchException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return whether the loop device is gone */
    private boolean detach(Path loop) throws BenchException {
        // the kernel remembers scanned btrfs devices by path: forget ours before the node is reused
        commands.run(TOOL, "btrfs", "device", "scan", "--forget", loop.toString());
        return commands.run(TOOL, "losetup", "-d", loop.toString()).ok();
    }

    @Override
    public synchronized void close() throws BenchException {
        OPEN.remove(this);
        List<String> failures = new ArrayList<>();
        for (Path mountPoint : mounted.reversed()) {
            if (!commands.run(TOOL, "umount", mountPoint.toString()).ok()
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
            throw new BenchException("cleaning up failed: " + String.join(", ", failures));
        }
    }
}
