package btrfs.workbench.bench.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The block devices a probe watches: the array's loop devices and the disk holding their image
 * files, each by its name and {@code stat} file.
 */
public final class WatchedDisks {

    private static final Path SYS_CLASS_BLOCK = Path.of("/sys/class/block");
    private static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");

    private final Map<String, Path> stats;

    private WatchedDisks(Map<String, Path> stats) {
        this.stats = stats;
    }

    /** The devices (/dev/loopN) and the disk under {@code images}, where /sys has them. */
    public static WatchedDisks of(List<Path> devices, Path images) {
        Map<String, Path> stats = new LinkedHashMap<>();
        Path disk = diskStat(images);
        if (disk != null) {
            stats.put(name(disk.getParent()), disk);
        }
        for (Path device : devices) {
            Path stat = SYS_CLASS_BLOCK.resolve(device.getFileName().toString()).resolve("stat");
            if (Files.isReadable(stat)) {
                stats.put(device.getFileName().toString(), stat);
            }
        }
        return new WatchedDisks(stats);
    }

    /** The counters now, by device name (a device whose stat cannot be read is left out). */
    public Map<String, BlockCounters> now() {
        Map<String, BlockCounters> now = new LinkedHashMap<>();
        stats.forEach((name, stat) -> BlockCounters.read(stat).ifPresent(c -> now.put(name, c)));
        return now;
    }

    /** What each device did between {@code before} and {@code after}. */
    public static Map<String, BlockCounters> since(Map<String, BlockCounters> before,
            Map<String, BlockCounters> after) {
        Map<String, BlockCounters> delta = new LinkedHashMap<>();
        after.forEach((name, c) -> {
            BlockCounters earlier = before.get(name);
            if (earlier != null) {
                delta.put(name, c.minus(earlier));
            }
        });
        return delta;
    }

    /** The stat file of the block device holding {@code path}'s filesystem, or null (no such device: tmpfs, overlay). */
    static Path diskStat(Path path) {
        try {
            long dev = ((Number) Files.getAttribute(path, "unix:dev")).longValue();
            Path stat = SYS_DEV_BLOCK.resolve(major(dev) + ":" + minor(dev)).resolve("stat");
            return Files.isReadable(stat) ? stat : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The kernel's name of a /sys/dev/block entry (a link to the device: vda1), else the entry's (252:1). */
    private static String name(Path entry) {
        try {
            return entry.toRealPath().getFileName().toString();
        } catch (IOException e) {
            return entry.getFileName().toString();
        }
    }

    /** glibc's dev_t encoding (gnu_dev_major): 12 bits at 8, more at 44. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
    }

    /** glibc's dev_t encoding (gnu_dev_minor): 8 bits at 0, more at 20. */
    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
    }
}
