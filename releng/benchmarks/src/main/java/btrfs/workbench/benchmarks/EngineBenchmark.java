package btrfs.workbench.benchmarks;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.readahead.ReadaheadRequest;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.state.ControlSnapshot;

/**
 * The engine's CPU cost per block on a cached array ({@link MemoryTarget}: 14 641 blocks, RAID1
 * over four devices, reads answered from memory), one whole-tree readahead per invocation,
 * scored per block. {@code snapshotHz} 20 takes an engine snapshot 20 times a second meanwhile,
 * as the live views do: its score against {@code snapshotHz} 0 is the cost of being watched.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EngineBenchmark.BLOCKS)
public class EngineBenchmark {

    static final int FANOUT = 120;
    static final int BLOCKS = FANOUT * FANOUT + FANOUT + 1;

    @Param({ "16384" })
    public int nodesize;

    @Param({ "reada", "naive" })
    public String strategy;

    @Param({ "0", "20" })
    public int snapshotHz;

    private MemoryTarget target;
    private ScheduledExecutorService watcher;
    private volatile ReadaheadEngine running;

    @Setup(Level.Trial)
    public void setUp() {
        target = new MemoryTarget(nodesize, FANOUT, 42);
        if (target.blockCount() != BLOCKS) {
            throw new IllegalStateException("tree has " + target.blockCount() + " blocks");
        }
        if (snapshotHz > 0) {
            watcher = Executors.newSingleThreadScheduledExecutor();
            long period = 1_000_000_000L / snapshotHz;
            watcher.scheduleAtFixedRate(this::watch, period, period, TimeUnit.NANOSECONDS);
        }
    }

    private void watch() {
        ReadaheadEngine engine = running;
        if (engine != null) {
            engine.snapshot();
        }
    }

    @Benchmark
    public long wholeTree() throws InterruptedException {
        ReadaheadConfig config = ReadaheadConfig.defaults().withStrategy(Strategy.of(strategy));
        try (ReadaheadEngine engine = new ReadaheadEngine(target, config)) {
            running = engine;
            ControlSnapshot done = engine.add(ReadaheadRequest.wholeTree("bench", target.root(), 1)).waitFor();
            running = null;
            if (done.blocks() != BLOCKS) {
                throw new IllegalStateException("read " + done.blocks() + " of " + BLOCKS + " blocks");
            }
            return done.blocks();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
