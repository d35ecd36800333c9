package btrfs.workbench.bench.array;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.testsupport.SystemCommands;

/**
 * The mounted filesystem's metadata space as the kernel accounts it
 * ({@code /sys/fs/btrfs/FSID/allocation/metadata}), after a transaction commit so that it is current.
 */
final class SpaceInfo {

    /** Logical bytes: in use by tree blocks, and allocated to metadata block groups. */
    record Usage(long used, long allocated) {

        /** "metadata 30 MiB in use of 64 MiB allocated", for the progress lines. */
        String text() {
            return String.format(Locale.ROOT, "metadata %.0f MiB in use of %.0f MiB allocated", used / 1048576.0,
                    allocated / 1048576.0);
        }
    }

    private final Path mountPoint;
    private final Path sysfs;
    private final SystemCommands commands;

    SpaceInfo(Path mountPoint, String fsid, SystemCommands commands) {
        this.mountPoint = mountPoint;
        this.sysfs = Path.of("/sys/fs/btrfs", fsid, "allocation", "metadata");
        this.commands = commands;
    }

    /** Commits the running transaction (the counters only move on commit), then reads them. */
    Usage read() throws BenchException {
        commands.check(Duration.ofMinutes(10), "btrfs", "filesystem", "sync", mountPoint.toString());
        return new Usage(number("bytes_used"), number("total_bytes"));
    }

    private long number(String name) throws BenchException {
        try {
            return Long.parseLong(Files.readString(sysfs.resolve(name)).trim());
        } catch (IOException | NumberFormatException e) {
            throw new BenchException("cannot read " + sysfs.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
