package btrfs.workbench.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.EngineMode;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.io.IoModel;

/**
 * The rules of a {@link RunSpec}, each failing with the command line's words and the dialog's.
 * Checked in the order a user meets them: what to read, then how.
 */
final class Rules {

    private Rules() {
    }

    static void check(List<Path> devices, List<Long> trees, Key start, Key end, Strategy strategy, int maxInFlight,
            int coalesceGap, boolean failover, boolean scrub, IoModel io, Duration readTimeout, Following following,
            RunSpec.Outputs outputs) {
        checkWhat(devices, trees, start, end);
        checkCopies(strategy, failover, scrub, following);
        checkEngine(maxInFlight, coalesceGap, io, readTimeout);
        checkOutputs(outputs);
    }

    private static void checkWhat(List<Path> devices, List<Long> trees, Key start, Key end) {
        if (trees.isEmpty()) {
            throw new RunSpecException(SpecRule.TREES, "readahead needs --tree T (" + TreeNames.HELP
                    + "), once per tree", "Choose at least one tree.");
        }
        if (devices.isEmpty()) {
            throw new RunSpecException(SpecRule.DEVICES, "no DEV given (all devices or images of the array, any order)",
                    "No array to read.");
        }
        if (end.isBefore(start)) {
            throw new RunSpecException(SpecRule.RANGE, "--end " + end.toArgument() + " is before --start "
                    + start.toArgument(), "The end key is before the start key.");
        }
    }

    /** Scrub and following are the port's: the naive walk reads one copy of each block and no leaf. */
    private static void checkCopies(Strategy strategy, boolean failover, boolean scrub, Following following) {
        if (scrub && !failover) {
            // scrub reads every copy anyway: there is no other copy to fail over to or not
            throw new RunSpecException(SpecRule.SCRUB,
                    "--scrub reads every copy of every block: --no-failover does not apply",
                    "Scrub reads every copy of every block: there is no failover to turn off.");
        }
        if (following.any() && strategy != Strategy.READA) {
            throw new RunSpecException(SpecRule.FOLLOWING,
                    "--follow-leaves and --restart-on-generation need --strategy reada",
                    "Following leaves and restarting need the reada strategy.");
        }
        if (scrub && strategy != Strategy.READA) {
            throw new RunSpecException(SpecRule.SCRUB,
                    "--scrub needs --strategy reada (the naive walk reads one copy of each block)",
                    "Scrub needs the reada strategy.");
        }
    }

    private static void checkEngine(int maxInFlight, int coalesceGap, IoModel io, Duration readTimeout) {
        if (maxInFlight < 1 || maxInFlight > RunSpec.MAX_IN_FLIGHT_LIMIT) {
            throw new RunSpecException(SpecRule.MAX_IN_FLIGHT, "--max-in-flight must be between 1 and "
                    + RunSpec.MAX_IN_FLIGHT_LIMIT + ", not " + maxInFlight,
                    "Reads in flight must be between 1 and " + RunSpec.MAX_IN_FLIGHT_LIMIT + ".");
        }
        if (coalesceGap < 0 || coalesceGap > ReadaheadConfig.COALESCE_BYTES) {
            throw new RunSpecException(SpecRule.COALESCE, "--coalesce-gap must be between 0 and "
                    + ReadaheadConfig.COALESCE_BYTES + " bytes, not " + coalesceGap,
                    "The coalescing gap must be between 0 and 1 MiB.");
        }
        checkPacing(io.latency(), io.bytesPerSecond());
        if (readTimeout.isNegative() || readTimeout.compareTo(RunSpec.MAX_DURATION) > 0) {
            throw new RunSpecException(SpecRule.READ_TIMEOUT, "--read-timeout must be between 0 and "
                    + RunSpec.MAX_DURATION.toSeconds() + ", not " + seconds(readTimeout),
                    "The read timeout must be at most a day.");
        }
    }

    /** v4.19 read every block on its own from one copy and ignored leaf contents. */
    static void checkEngine(EngineMode engine, boolean coalesce, boolean failover, boolean scrub, Following following) {
        if (engine == EngineMode.V4_19 && (coalesce || failover || scrub || following.any())) {
            throw new RunSpecException(SpecRule.ENGINE, "--engine v4.19 reads as the kernel did: no --coalesce, "
                    + "failover, --scrub, --follow-leaves or --restart-on-generation",
                    "The v4.19 engine reads as the kernel did: no coalescing, failover, scrub or following.");
        }
    }

    /** Zone streaming serves the port's walk one copy of each block ({@link ReadaheadConfig#canStream}). */
    static void checkStreaming(StreamZones streamZones, Strategy strategy, EngineMode engine, boolean scrub) {
        if (streamZones == StreamZones.ON && !ReadaheadConfig.canStream(strategy, engine, scrub)) {
            throw new RunSpecException(SpecRule.STREAMING, "--stream-zones needs the reada strategy and the "
                    + "workbench engine, without --scrub (which reads every copy itself)",
                    "Zone streaming needs the reada strategy and the workbench engine, without scrub.");
        }
    }

    /** Pacing as typed, before it becomes an {@code IoModel} (which takes no negative values). */
    static void checkPacing(Duration latency, long bytesPerSecond) {
        if (latency.isNegative() || latency.compareTo(RunSpec.MAX_LATENCY) > 0) {
            throw new RunSpecException(SpecRule.PACING, "--latency-ms must be between 0 and "
                    + RunSpec.MAX_LATENCY.toMillis() + ", not " + millis(latency),
                    "The latency must be between 0 and a minute.");
        }
        if (bytesPerSecond < 0 || bytesPerSecond > RunSpec.MAX_BYTES_PER_SECOND) {
            throw new RunSpecException(SpecRule.PACING, "--bandwidth must be between 0 and "
                    + RunSpec.MAX_BYTES_PER_SECOND / 1_000_000 + ", not " + number(bytesPerSecond / 1e6),
                    "The bandwidth must be between 0 and 1 TB/s.");
        }
    }

    private static void checkOutputs(RunSpec.Outputs outputs) {
        if (RunSpec.Outputs.STDOUT.equals(outputs.trace()) || RunSpec.Outputs.STDOUT.equals(outputs.snapshot())) {
            // one stream, one reader: only the recording (which carries the events) may take it
            throw new RunSpecException(SpecRule.OUTPUTS, "only --record may write to standard output ('-')",
                    "Only the recording can be streamed to standard output.");
        }
        Duration every = outputs.snapshotEvery();
        if (every == null) {
            return;
        }
        if (outputs.snapshot() == null) {
            throw new RunSpecException(SpecRule.OUTPUTS,
                    "--snapshot-every needs --snapshot FILE, which names the numbered files",
                    "Numbered snapshots need the snapshot file that names them.");
        }
        if (every.compareTo(RunSpec.MIN_SNAPSHOT_EVERY) < 0 || every.compareTo(RunSpec.MAX_DURATION) > 0) {
            // below 10 ms (zero and negative too): the snapshots would be the run's only work
            throw new RunSpecException(SpecRule.OUTPUTS, "--snapshot-every must be between 0.01 and "
                    + RunSpec.MAX_DURATION.toSeconds() + ", not " + seconds(every),
                    "Snapshots can be taken every 10 ms to every day.");
        }
    }

    private static String millis(Duration d) {
        return number(d.toNanos() / 1e6);
    }

    private static String seconds(Duration d) {
        return number(d.toNanos() / 1e9);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
