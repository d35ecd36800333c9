package btrfs.workbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;

import btrfs.workbench.bench.report.Environment;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.os.HugePages;
import btrfs.workbench.testsupport.SystemCommands;

/** The engine as the benchmark runs it, and the machine it runs on. */
final class EngineSettings {

    private EngineSettings() {
    }

    /**
     * The settings that decide the engine's speed, for the table's header.
     *
     * @param coalesceByDefault whether {@code readahead} coalesces without being asked to
     */
    static String describe(ReadaheadConfig config, boolean coalesceByDefault) {
        int bytes = config.coalesceBytes();
        String size = bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : bytes / 1024 + " KiB";
        return String.format(Locale.ROOT, "%d reads in flight per device; reada and --direct coalesce "
                + "blocks into reads of up to %s, reading through holes of up to %d KiB between them (--coalesce); "
                + "naive reads one block at a time, through the page cache (whose own readahead may prefetch the "
                + "bytes after it) or with --direct; all run %s; --coalesce-gap 0 coalesces only blocks that lie "
                + "back to back, --no-coalesce reads every block on its own, --priority normal leaves the threads' priority alone; readahead's defaults: "
                + "%s, --priority %s, zone streaming %s (%s); %s", config.maxInFlightPerDevice(), size,
                config.coalesceGapBytes() / 1024,
                config.background() ? "in the background (idle I/O class, nice 10)" : "at normal priority",
                coalesceByDefault ? "--coalesce" : "--no-coalesce",
                ReadaheadConfig.defaults().background() ? "background" : "normal", config.streamZones().label(),
                streaming(config), pages(config));
    }

    private static String streaming(ReadaheadConfig config) {
        String help = config.streamHelp() ? ", a device done with its share reading the rest of a slower mirror's"
                : ", each device reading its own share only";
        return switch (config.streamZones()) {
            case AUTO -> String.format(Locale.ROOT, "the block groups streamed when the trees read whole hold %.0f %% "
                    + "of what the stream reads", config.streamDensity() * 100) + leaves(config) + help;
            case ON -> "the block groups streamed for any whole tree" + help;
            case OFF -> "never streamed";
        };
    }

    private static String leaves(ReadaheadConfig config) {
        return !config.streamLeaves() ? ", whole (--no-stream-leaves)"
                : String.format(Locale.ROOT, ", leaves first below %.0f %% (the nodes read per block, then only the "
                        + "leaves they name streamed, holes of up to %d KiB read through)",
                        ReadaheadConfig.LEAVES_FIRST_BELOW * 100, ReadaheadConfig.STREAM_LEAF_GAP_BYTES / 1024);
    }

    /** Where coalesced and stream reads land: huge pages (the default) where the kernel has them. */
    static String pages(ReadaheadConfig config) {
        if (!config.hugePages()) {
            return "coalesced and stream reads into 4 KiB pages";
        }
        String why = HugePages.unavailable();
        return why == null ? "coalesced and stream reads into huge pages (--huge-pages)"
                : "coalesced and stream reads into 4 KiB pages: " + why;
    }

    /** The 1-minute load average, NaN where there is none. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * @param devices the measured devices: their page-cache readahead window goes into the
     *                header, since it decides how much the naive walk through the page cache is
     *                helped by the kernel
     */
    static Environment environment(SystemCommands commands, ReadaheadConfig config, boolean coalesceByDefault, Path work,
            Collection<Path> devices, double loadBefore, double loadAfter) {
        String progs = commands.run(Duration.ofSeconds(30), "btrfs", "--version").output().lines().findFirst()
                .orElse("btrfs-progs (unknown version)");
        return new Environment(kernel(), Runtime.getRuntime().availableProcessors(), progs, describe(config, coalesceByDefault),
                "loop devices (read-only; with direct I/O on the image, or buffered where an array's name ends in "
                        + "/buffered; read_ahead_kb " + readAheadKb(devices) + ") on sparse image files in " + work,
                String.format(Locale.ROOT, "load average %.1f when measuring started, %.1f when it ended", loadBefore,
                        loadAfter));
    }

    /** The devices' sysfs read_ahead_kb values, e.g. "2560" or "128/2560"; "?" where unreadable. */
    static String readAheadKb(Collection<Path> devices) {
        TreeSet<String> values = new TreeSet<>();
        for (Path device : devices) {
            Path file = Path.of("/sys/class/block", device.getFileName().toString(), "queue", "read_ahead_kb");
            try {
                values.add(Files.readString(file).strip());
            } catch (IOException e) {
                values.add("?");
            }
        }
        return values.isEmpty() ? "?" : String.join("/", values);
    }

    private static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }
}
