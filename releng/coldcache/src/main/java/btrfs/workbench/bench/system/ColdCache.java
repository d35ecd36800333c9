package btrfs.workbench.bench.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.testsupport.SystemCommands;

/** {@code sync; echo 3 > /proc/sys/vm/drop_caches}: before every measurement, so that each starts cold. */
public final class ColdCache {

    static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");

    private final SystemCommands commands;

    public ColdCache(SystemCommands commands) {
        this.commands = commands;
    }

    /** Writes back dirty pages first (drop_caches only drops clean ones), then drops page cache, dentries and inodes. */
    public void drop() throws BenchException {
        commands.check(Duration.ofMinutes(5), "sync");
        try {
            Files.writeString(DROP_CACHES, "3\n");
        } catch (IOException e) {
            throw new BenchException("cannot drop the page cache (" + DROP_CACHES + "): " + e.getMessage(), e);
        }
    }
}
