package btrfs.workbench.bench.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A block device's read counters from its {@code stat} file: the requests that reached it, how many
 * the I/O scheduler merged into others, and the sectors read. Many merges mean that reads arrived
 * cut into pieces (a device's segment limit, see {@code HugePages}) and were glued again.
 *
 * @param reads       read requests completed
 * @param merged      read requests merged into another
 * @param sectorsRead 512-byte sectors read
 */
public record BlockCounters(long reads, long merged, long sectorsRead) {

    /** The counters of a {@code stat} line (the kernel's Documentation/block/stat.rst order). */
    public static BlockCounters parse(String statLine) {
        String[] f = statLine.strip().split("\\s+");
        if (f.length < 3) {
            throw new IllegalArgumentException("not a block stat line: '" + statLine + "'");
        }
        return new BlockCounters(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
    }

    /** The counters in {@code stat}, empty when it cannot be read. */
    public static Optional<BlockCounters> read(Path stat) {
        try {
            return Optional.of(parse(Files.readString(stat)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What happened since {@code earlier}. */
    public BlockCounters minus(BlockCounters earlier) {
        return new BlockCounters(reads - earlier.reads, merged - earlier.merged, sectorsRead - earlier.sectorsRead);
    }

    /** Megabytes read (10^6 bytes). */
    public long megabytes() {
        return sectorsRead * 512 / 1_000_000;
    }
}
