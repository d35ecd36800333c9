package btrfs.workbench.session;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.EngineMode;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.io.IoModel;

/**
 * A {@link RunSpec} as the {@code readahead} command line that makes the same spec: how a run
 * launched here is started on a server ({@code btrfs-workbench readahead ... --record -} over
 * ssh). Options at their defaults are left out; outputs are not written (a remote run's outputs
 * are written here, from its stream).
 */
public final class RunArguments {

    private RunArguments() {
    }

    /** {@code readahead} and its options, then the devices; without outputs. */
    public static List<String> of(RunSpec spec) {
        List<String> args = new ArrayList<>(List.of("readahead"));
        spec.trees().forEach(t -> args.addAll(List.of("--tree", Long.toUnsignedString(t))));
        range(spec, args);
        engine(spec, args);
        copies(spec, args);
        if (spec.priority() != Priority.BACKGROUND) {
            args.addAll(List.of("--priority", spec.priority().label()));
        }
        if (spec.direct()) {
            args.add("--direct");
        }
        pacing(spec.io(), args);
        if (!spec.readTimeout().equals(ReadaheadConfig.READ_TIMEOUT)) {
            args.addAll(List.of("--read-timeout", decimal(spec.readTimeout().toNanos(), 9)));
        }
        if (spec.following().leaves()) {
            args.add("--follow-leaves");
        }
        if (spec.following().restarts()) {
            args.add("--restart-on-generation");
        }
        spec.devices().stream().map(Path::toString).forEach(args::add);
        return args;
    }

    private static void range(RunSpec spec, List<String> args) {
        if (!spec.start().equals(Key.MIN)) {
            args.addAll(List.of("--start", spec.start().toArgument()));
        }
        if (!spec.end().equals(Key.MAX)) {
            args.addAll(List.of("--end", spec.end().toArgument()));
        }
    }

    /** How the engine schedules and reads; coalescing left out where it is the engine's default. */
    private static void engine(RunSpec spec, List<String> args) {
        if (spec.strategy() != Strategy.READA) {
            args.addAll(List.of("--strategy", spec.strategy().label()));
        }
        boolean exact = spec.engine() == EngineMode.V4_19;
        if (exact) {
            args.addAll(List.of("--engine", spec.engine().label()));
        }
        if (spec.maxInFlight() != ReadaheadConfig.MAX_IN_FLIGHT) {
            args.addAll(List.of("--max-in-flight", Integer.toString(spec.maxInFlight())));
        }
        if (spec.coalesce() == exact) {
            args.add(spec.coalesce() ? "--coalesce" : "--no-coalesce");
        }
        if (spec.coalesce() && spec.coalesceGap() != ReadaheadConfig.COALESCE_GAP_BYTES) {
            args.addAll(List.of("--coalesce-gap", Integer.toString(spec.coalesceGap())));
        }
        if (spec.streamZones() != RunSpec.STREAM_ZONES_BY_DEFAULT) {
            args.add(spec.streamZones() == StreamZones.ON ? "--stream-zones" : "--no-stream-zones");
        }
        if (spec.streamHelp()) {
            args.add("--stream-help");
        }
        if (spec.hugePages() != ReadaheadConfig.HUGE_PAGES) {
            args.add(spec.hugePages() ? "--huge-pages" : "--no-huge-pages");
        }
        if (spec.streamLeaves() != ReadaheadConfig.STREAM_LEAVES) {
            args.add(spec.streamLeaves() ? "--stream-leaves" : "--no-stream-leaves");
        }
    }

    private static void copies(RunSpec spec, List<String> args) {
        if (spec.scrub()) {
            args.add("--scrub");
        } else if (!spec.failover() && spec.engine() != EngineMode.V4_19) {
            args.add("--no-failover");
        }
    }

    private static void pacing(IoModel io, List<String> args) {
        if (!io.latency().isZero()) {
            args.addAll(List.of("--latency-ms", decimal(io.latency().toNanos(), 6)));
        }
        if (io.bytesPerSecond() != 0) {
            args.addAll(List.of("--bandwidth", decimal(io.bytesPerSecond(), 6)));
        }
        if (io.seeks()) {
            args.addAll(List.of("--seek-model", "hdd"));
        }
    }

    /** {@code units / 10^scale} exactly, without trailing zeros: nanoseconds as ms or s, bytes as MB. */
    private static String decimal(long units, int scale) {
        return BigDecimal.valueOf(units, scale).stripTrailingZeros().toPlainString();
    }
}
