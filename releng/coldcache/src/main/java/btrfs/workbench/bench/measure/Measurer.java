package btrfs.workbench.bench.measure;

import java.nio.file.Path;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.bench.array.AttachedArray;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.testsupport.SystemCommands;

/** Takes one sample of a method on an attached array; the caches are the caller's business. */
public final class Measurer {

    private final SystemCommands commands;
    private final Path scratch;
    private final ReadaheadConfig engine;

    /**
     * @param scratch where the peers' stderr is kept while they run
     * @param engine  the engine's settings for the reada methods (coalescing, background priority; the
     *                coalesce-gap 0, no-coalesce and priority-normal ones turn one off, the naive one changes the strategy)
     */
    public Measurer(SystemCommands commands, Path scratch, ReadaheadConfig engine) {
        this.commands = commands;
        this.scratch = scratch;
        this.engine = engine;
    }

    public Sample measure(Method method, AttachedArray array) throws BenchException {
        return switch (method) {
            case LIMIT -> LimitRead.run(array.ranges());
            case LIMIT_ONE_COPY -> LimitRead.run(array.floor());
            case READA_FS, READA_ALL -> EngineRead.run(array.devices(), engine, false, method.scope());
            case BACK_TO_BACK_FS, BACK_TO_BACK_ALL ->
                EngineRead.run(array.devices(), engine.withCoalesceGapBytes(0), false, method.scope());
            case UNCOALESCED_FS, UNCOALESCED_ALL ->
                EngineRead.run(array.devices(), engine.withCoalesceBytes(0), false, method.scope());
            case NORMAL_FS, NORMAL_ALL ->
                EngineRead.run(array.devices(), engine.withBackground(false), false, method.scope());
            case NAIVE_FS -> EngineRead.run(array.devices(), engine.withStrategy(Strategy.NAIVE), false, method.scope());
            case NAIVE_DIRECT_FS -> EngineRead.run(array.devices(), engine.withStrategy(Strategy.NAIVE), true,
                    method.scope());
            case NAIVE_NORMAL_FS -> EngineRead.run(array.devices(),
                    engine.withStrategy(Strategy.NAIVE).withBackground(false), false, method.scope());
            case DIRECT_FS, DIRECT_ALL -> EngineRead.run(array.devices(), engine, true, method.scope());
            case DUMP_TREE -> PeerRun.dumpTree(commands, scratch, array.devices());
            case CHECK -> PeerRun.check(commands, scratch, array.devices());
        };
    }
}
