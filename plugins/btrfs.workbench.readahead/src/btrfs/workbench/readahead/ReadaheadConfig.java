package btrfs.workbench.readahead;

import java.util.concurrent.Executor;

/**
 * Engine settings.
 *
 * @param strategy                 reada (the port, default) or naive (the baseline)
 * @param maxInFlightPerDevice     reads in flight per device at most (kernel MAX_IN_FLIGHT, 6)
 * @param machineLoopBound         reads one machine pass submits before it hands over to a fresh
 *                                 worker task (kernel: 10000)
 * @param executor                 where machine passes run (kernel: the readahead workers);
 *                                 null: the engine starts its own daemon thread and stops it
 *                                 on {@link ReadaheadEngine#close()}
 * @param snapshotExtentsPerDevice queued extents listed per device in a snapshot at most
 *                                 (counts are always complete)
 * @param recentPerDevice          recently completed extents remembered per device for snapshots
 * @param coalesceBytes            a device's next queued blocks that lie back to back on it are read
 *                                 as one I/O of at most this many bytes (0: every block on its own,
 *                                 as the kernel did — its FIXME suggests coalescing)
 * @param background               the engine's threads run in the background: idle I/O class (the
 *                                 kernel's BTRFS_IOPRIO_READA) and nice {@link
 *                                 btrfs.workbench.readahead.io.ThreadPriority#NICE}, where the
 *                                 platform allows
 * @param failover                 a block whose copy fails to read or validate is read from its next
 *                                 copy, as the kernel's normal read path does (default); false: the
 *                                 branch is cut at the first bad copy, as v4.19's readahead did
 * @param scrub                    every copy of every block is read and verified, each by its own
 *                                 device, and copies whose bytes differ are reported (reada only)
 */
public record ReadaheadConfig(Strategy strategy, int maxInFlightPerDevice, int machineLoopBound, Executor executor,
        int snapshotExtentsPerDevice, int recentPerDevice, int coalesceBytes, boolean background, boolean failover, boolean scrub) {

    /** The default coalesced read: large enough to stream, small enough to keep reads in flight. */
    public static final int COALESCE_BYTES = 1 << 20;

    /** The kernel's MAX_IN_FLIGHT. */
    public static final int MAX_IN_FLIGHT = 6;

    /** The kernel's bound on one pass of __reada_start_machine. */
    public static final int MACHINE_LOOP_BOUND = 10000;

    public ReadaheadConfig {
        if (strategy == null) {
            throw new IllegalArgumentException("strategy is null");
        }
        if (maxInFlightPerDevice < 1) {
            throw new IllegalArgumentException("maxInFlightPerDevice " + maxInFlightPerDevice);
        }
        if (machineLoopBound < 1) {
            throw new IllegalArgumentException("machineLoopBound " + machineLoopBound);
        }
        if (snapshotExtentsPerDevice < 0 || recentPerDevice < 0) {
            throw new IllegalArgumentException("negative snapshot limits");
        }
        if (scrub && strategy == Strategy.NAIVE) {
            // the baseline walks one copy of each block; reading every copy is the port's job
            throw new IllegalArgumentException("scrub needs the reada strategy");
        }
        if (coalesceBytes < 0) {
            throw new IllegalArgumentException("coalesceBytes " + coalesceBytes);
        }
    }

    /** The kernel's behaviour: every extent read on its own (see {@link #withCoalesceBytes}). */
    public static ReadaheadConfig defaults() {
        return new ReadaheadConfig(Strategy.READA, MAX_IN_FLIGHT, MACHINE_LOOP_BOUND, null, 256, 16, 0, true, true,
                false);
    }

    public ReadaheadConfig withStrategy(Strategy s) {
        return new ReadaheadConfig(s, maxInFlightPerDevice, machineLoopBound, executor, snapshotExtentsPerDevice,
                recentPerDevice, coalesceBytes, background, failover, scrub);
    }

    public ReadaheadConfig withMaxInFlightPerDevice(int n) {
        return new ReadaheadConfig(strategy, n, machineLoopBound, executor, snapshotExtentsPerDevice, recentPerDevice,
                coalesceBytes, background, failover, scrub);
    }

    public ReadaheadConfig withMachineLoopBound(int n) {
        return new ReadaheadConfig(strategy, maxInFlightPerDevice, n, executor, snapshotExtentsPerDevice,
                recentPerDevice, coalesceBytes, background, failover, scrub);
    }

    public ReadaheadConfig withExecutor(Executor e) {
        return new ReadaheadConfig(strategy, maxInFlightPerDevice, machineLoopBound, e, snapshotExtentsPerDevice,
                recentPerDevice, coalesceBytes, background, failover, scrub);
    }

    public ReadaheadConfig withSnapshotLimits(int extentsPerDevice, int recent) {
        return new ReadaheadConfig(strategy, maxInFlightPerDevice, machineLoopBound, executor, extentsPerDevice,
                recent, coalesceBytes, background, failover, scrub);
    }

    public ReadaheadConfig withCoalesceBytes(int bytes) {
        return new ReadaheadConfig(strategy, maxInFlightPerDevice, machineLoopBound, executor, snapshotExtentsPerDevice,
                recentPerDevice, bytes, background, failover, scrub);
    }

    public ReadaheadConfig withBackground(boolean inBackground) {
        return new ReadaheadConfig(strategy, maxInFlightPerDevice, machineLoopBound, executor, snapshotExtentsPerDevice,
                recentPerDevice, coalesceBytes, inBackground, failover, scrub);
    }

    public ReadaheadConfig withFailover(boolean on) {
        return new ReadaheadConfig(strategy, maxInFlightPerDevice, machineLoopBound, executor, snapshotExtentsPerDevice,
                recentPerDevice, coalesceBytes, background, on, scrub);
    }

    public ReadaheadConfig withScrub(boolean on) {
        return new ReadaheadConfig(strategy, maxInFlightPerDevice, machineLoopBound, executor, snapshotExtentsPerDevice,
                recentPerDevice, coalesceBytes, background, failover, on);
    }

    /** Blocks of {@code nodesize} one read may hold: at least 1. */
    public int coalesceBlocks(int nodesize) {
        return Math.max(1, coalesceBytes / nodesize);
    }
}
