package btrfs.workbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import btrfs.workbench.bench.report.Environment;
import btrfs.workbench.bench.system.Commands;
import btrfs.workbench.readahead.ReadaheadConfig;

/** The engine as the benchmark runs it (the CLI's defaults), and the machine it runs on. */
final class EngineSettings {

    private EngineSettings() {
    }

    /** {@code readahead}'s defaults: what a user gets. */
    static ReadaheadConfig config() {
        return ReadaheadConfig.defaults();
    }

    /** The settings that decide the engine's speed, for the table's header. */
    static String describe(ReadaheadConfig config) {
        return config.maxInFlightPerDevice() + " reads in flight per device, read coalescing: not in this engine";
    }

    static Environment environment(Commands commands, ReadaheadConfig config, Path work) throws BenchException {
        String progs = commands.run(Duration.ofSeconds(30), "btrfs", "--version").output().lines().findFirst()
                .orElse("btrfs-progs (unknown version)");
        return new Environment(kernel(), Runtime.getRuntime().availableProcessors(), progs, describe(config),
                "loop devices (read-only, direct I/O) on sparse image files in " + work);
    }

    private static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }
}
