package btrfs.workbench.bench.measure;

import java.nio.file.Path;
import java.util.List;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.bench.array.AttachedArray;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.session.Priority;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.testsupport.SystemCommands;

/** Takes one sample of a method on an attached array; the caches are the caller's business. */
public final class Measurer {

    private final SystemCommands commands;
    private final Path scratch;

    /** @param scratch where the peers' stderr is kept while they run */
    public Measurer(SystemCommands commands, Path scratch) {
        this.commands = commands;
        this.scratch = scratch;
    }

    public Sample measure(Method method, AttachedArray array) throws BenchException {
        return switch (method) {
            case LIMIT -> LimitRead.run(array.ranges());
            case LIMIT_ONE_COPY -> LimitRead.run(array.floor());
            case DUMP_TREE -> PeerRun.dumpTree(commands, scratch, array.devices());
            case CHECK -> PeerRun.check(commands, scratch, array.devices());
            default -> EngineRead.run(spec(method, array.devices()), method.scope());
        };
    }

    /**
     * The run {@code readahead} makes of the method's label as a command line: its defaults, and
     * each flag of the label (the trees are the scope's, set when the array is open).
     */
    public static RunSpec spec(Method method, List<Path> devices) {
        RunSpec.Builder b = RunSpec.builder().devices(devices).trees(List.of(ObjectIds.FS_TREE));
        switch (method) {
            case READA_FS, READA_ALL -> {
                // readahead's defaults
            }
            case NO_STREAM_FS, NO_STREAM_ALL -> b.streamZones(StreamZones.OFF);
            case NO_STREAM_DIRECT_FS -> b.streamZones(StreamZones.OFF).direct(true);
            case HELP_FS, HELP_ALL -> b.streamHelp(true);
            case WHOLE_STREAM_FS -> b.streamLeaves(false);
            case NO_HUGE_FS, NO_HUGE_ALL -> b.hugePages(false);
            case BACK_TO_BACK_ALL -> b.streamZones(StreamZones.OFF).coalesceGap(0);
            case UNCOALESCED_ALL -> b.streamZones(StreamZones.OFF).coalesce(false);
            case DEEP_ALL -> b.streamZones(StreamZones.OFF).maxInFlight(32);
            case WIDE_GAP_ALL -> b.streamZones(StreamZones.OFF).coalesceGap(ReadaheadConfig.COALESCE_BYTES);
            case NORMAL_FS, NORMAL_ALL -> b.priority(Priority.NORMAL);
            case NAIVE_FS -> b.strategy(Strategy.NAIVE);
            case NAIVE_DIRECT_FS -> b.strategy(Strategy.NAIVE).direct(true);
            case NAIVE_NORMAL_FS -> b.strategy(Strategy.NAIVE).priority(Priority.NORMAL);
            case DIRECT_FS, DIRECT_ALL -> b.direct(true);
            default -> throw new IllegalArgumentException(method + " is not a readahead");
        }
        return b.build();
    }
}
