package btrfs.workbench.readahead;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

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
 * @param coalesceBytes            a device's next queued blocks are read as one I/O spanning at most
 *                                 this many bytes (0: every block on its own, as the kernel did —
 *                                 its FIXME suggests coalescing)
 * @param coalesceGapBytes         the largest hole between two blocks of one coalesced read, read
 *                                 and dropped (0: only blocks that lie back to back)
 * @param background               the engine's threads run in the background: idle I/O class (the
 *                                 kernel's BTRFS_IOPRIO_READA) and nice {@link
 *                                 btrfs.workbench.readahead.os.ThreadPriority#NICE}, where the
 *                                 platform allows
 * @param failover                 a block whose copy fails to read or validate is read from its next
 *                                 copy, as the kernel's normal read path does (default); false: the
 *                                 branch is cut at the first bad copy, as v4.19's readahead did
 * @param scrub                    every copy of every block is read and verified, each by its own
 *                                 device, and copies whose bytes differ are reported (reada only)
 * @param readTimeout              a read of a real device that has not answered after this long
 *                                 fails (and further reads of that device fail at once until it
 *                                 answers again), so that a stalled disk cannot hang a run;
 *                                 {@link Duration#ZERO} waits forever
 * @param engine                   the reada strategy's schedule: the workbench's (default) or
 *                                 v4.19's exactly (no failover, scrub or coalescing then)
 * @param streamZones              when to stream zones (see {@code ZoneStream}): every tree block
 *                                 group is read once, front to back, split across its mirrors, and
 *                                 the walk is served from what it read (reada, workbench engine,
 *                                 not with scrub or on a mounted filesystem: {@link
 *                                 StreamZones#AUTO} does not stream there, {@link StreamZones#ON}
 *                                 is refused)
 * @param streamBufferBytes        the zone stream stops when what it keeps passes this estimate
 * @param streamDensity            under {@link StreamZones#AUTO}, a batch of controls streams when
 *                                 the trees it reads whole hold at least this fraction of the bytes
 *                                 the stream reads (the tree block groups but their free ranges of
 *                                 a stream read's length or more)
 * @param streamHelp               a device that has read its share of the stream reads the rest of a
 *                                 slower mirror's share from its own copy, so that the mirrors
 *                                 finish together; false (default): each reads its own share only
 *                                 (see {@link #STREAM_HELP})
 * @param hugePages                coalesced and stream reads land in huge pages where the kernel has
 *                                 them: one segment per read, not one per 4 KiB page (see {@link
 *                                 #HUGE_PAGES})
 * @param streamLeaves             under {@link StreamZones#AUTO}, a batch whose trees hold less than
 *                                 {@link #LEAVES_FIRST_BELOW} of what the stream would read streams
 *                                 leaves first: the walk reads the nodes per block, then the stream
 *                                 reads only the leaves they name, holes of up to {@link
 *                                 #STREAM_LEAF_GAP_BYTES} read through (see {@link #STREAM_LEAVES})
 */
public record ReadaheadConfig(Strategy strategy, int maxInFlightPerDevice, int machineLoopBound, Executor executor,
        int snapshotExtentsPerDevice, int recentPerDevice, int coalesceBytes, int coalesceGapBytes, boolean background,
        boolean failover, boolean scrub, Duration readTimeout, EngineMode engine, StreamZones streamZones,
        long streamBufferBytes, double streamDensity, boolean streamHelp, boolean hugePages, boolean streamLeaves) {

    /** The default coalesced read: large enough to stream, small enough to keep reads in flight. */
    public static final int COALESCE_BYTES = 1 << 20;

    /**
     * The default hole a coalesced read reads through: on a disk, reading 128 KiB more costs less
     * than the seek and the request it saves; the benchmark measures it against back to back only.
     */
    public static final int COALESCE_GAP_BYTES = 128 << 10;

    /** The kernel's MAX_IN_FLIGHT. */
    public static final int MAX_IN_FLIGHT = 6;

    /** The kernel's bound on one pass of __reada_start_machine. */
    public static final int MACHINE_LOOP_BOUND = 10000;

    /**
     * The default {@link #readTimeout}: the kernel's SCSI command timeout, after which a disk
     * that does not answer is given up on (a healthy disk answers a 16 KiB read in milliseconds).
     */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The default {@link #streamBufferBytes}: a leaf costs the index about a hundred bytes, a node
     * some 70 more per pointer, so this keeps some 600 000 leaves (9 GiB of 16 KiB leaves).
     */
    public static final long STREAM_BUFFER_BYTES = 64L << 20;

    /**
     * The default {@link #streamDensity}. The stream's cost is the bytes it reads (the tree block
     * groups, small holes too), the per-block path's the blocks it reads. Measured cold on
     * a four-device RAID1 (2 GiB of tree block groups, loop devices): the fs tree alone (46 % of
     * those bytes) streamed in 0.78-1.25 s against 1.19-1.41 s per block, the extent tree (1 %) in
     * 0.94-1.57 s against 0.07-0.13 s; the two paths cost the same near 34 %.
     */
    public static final double STREAM_DENSITY = 0.3;

    /**
     * The default {@link #streamHelp}: off. Helping evens out mirrors of different speeds (a
     * slowed device in the tests), but on the benchmark's arrays, whose loop devices share one
     * disk, it measured no faster and mostly a little slower (no help / help 0.83–1.08, 16 of 18
     * at most 1.0 on the direct-I/O arrays over three runs): a helper leaves its own sequential
     * stream for another part of its device.
     */
    public static final boolean STREAM_HELP = false;

    /**
     * The default {@link #hugePages}: on. A device takes a limited number of memory segments per
     * request (a loop device 128, virtio 254), so a 1 MiB read into scattered 4 KiB pages reached
     * the disk as several requests that the I/O scheduler sorted and merged again; on the
     * benchmark's direct-I/O loop devices the devices then took turns. In huge pages each read is
     * one request (see {@code docs/benchmarks.md} for the measured effect).
     */
    public static final boolean HUGE_PAGES = true;

    /**
     * The default {@link #streamLeaves}: on. Where the trees of a batch hold half of the tree block
     * groups (the fs tree alone), the whole stream reads the other trees' blocks too; leaves first
     * reads the nodes per block (some hundred) and then streams only the wanted leaves: on the
     * benchmark's RAID10 528 MB instead of 906 MB (docs/benchmarks.md, "Leaves first").
     */
    public static final boolean STREAM_LEAVES = true;

    /**
     * Leaves first only below this share of the stream's bytes: above it the wanted leaves leave
     * few holes to skip, and the nodes' round trips before the stream starts are not won back
     * (every tree at once holds nearly all of it; the fs tree alone 40-50 % on the benchmark's
     * arrays).
     */
    public static final double LEAVES_FIRST_BELOW = 0.75;

    /**
     * The hole between wanted leaves that a leaves-first stream read reads through: one more
     * request costs more than reading 128 KiB on (measured on the benchmark's RAID10 through the
     * page cache: 64 KiB, 128 KiB and 256 KiB read 472, 528 and 601 MB in the same time within the
     * noise, see docs/benchmarks.md).
     */
    public static final int STREAM_LEAF_GAP_BYTES = 128 << 10;

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
        if (coalesceBytes < 0 || coalesceGapBytes < 0) {
            throw new IllegalArgumentException("coalesceBytes " + coalesceBytes + ", coalesceGapBytes " + coalesceGapBytes);
        }
        if (readTimeout == null || readTimeout.isNegative()) {
            throw new IllegalArgumentException("readTimeout " + readTimeout);
        }
        if (engine == null) {
            throw new IllegalArgumentException("engine is null");
        }
        if (streamZones == null) {
            throw new IllegalArgumentException("streamZones is null");
        }
        if (streamZones == StreamZones.ON && !canStream(strategy, engine, scrub)) {
            throw new IllegalArgumentException("zone streaming needs the reada strategy and the workbench engine, "
                    + "without scrub");
        }
        if (streamBufferBytes < 0) {
            throw new IllegalArgumentException("streamBufferBytes " + streamBufferBytes);
        }
        if (!(streamDensity >= 0 && streamDensity <= 1)) {
            throw new IllegalArgumentException("streamDensity " + streamDensity);
        }
        if (engine == EngineMode.V4_19 && (failover || scrub || coalesceBytes > 0)) {
            // v4.19 cut a branch at its first bad copy and read every block on its own
            throw new IllegalArgumentException("the v4.19 engine has no failover, scrub or coalescing");
        }
    }

    /**
     * The workbench engine reading every extent on its own (see {@link #withCoalesceBytes}), with
     * failover, in the background; {@link #v419()} is the kernel's behaviour exactly.
     */
    public static ReadaheadConfig defaults() {
        return new ReadaheadConfig(Strategy.READA, MAX_IN_FLIGHT, MACHINE_LOOP_BOUND, null, 256, 16, 0, 0, true, true,
                false, READ_TIMEOUT, EngineMode.WORKBENCH, StreamZones.OFF, STREAM_BUFFER_BYTES, STREAM_DENSITY,
                STREAM_HELP, HUGE_PAGES, STREAM_LEAVES);
    }

    /** Whether the engine may stream zones: asked to ({@link #streamZones}), and able to. */
    public boolean mayStreamZones() {
        return streamZones != StreamZones.OFF && canStream(strategy, engine, scrub);
    }

    /**
     * The stream serves one copy of each block to the port's walk: not to the naive walk, to
     * scrub (which reads every copy itself) or to v4.19 (which had no streaming).
     */
    public static boolean canStream(Strategy strategy, EngineMode engine, boolean scrub) {
        return strategy == Strategy.READA && engine == EngineMode.WORKBENCH && !scrub;
    }

    /** fs/btrfs/reada.c of v4.19: its schedule, no failover, scrub or coalescing. */
    public static ReadaheadConfig v419() {
        return defaults().withFailover(false).withEngine(EngineMode.V4_19);
    }

    public ReadaheadConfig withEngine(EngineMode mode) {
        return edited(e -> e.engine = mode);
    }

    public ReadaheadConfig withStrategy(Strategy s) {
        return edited(e -> e.strategy = s);
    }

    public ReadaheadConfig withMaxInFlightPerDevice(int n) {
        return edited(e -> e.maxInFlightPerDevice = n);
    }

    public ReadaheadConfig withMachineLoopBound(int n) {
        return edited(e -> e.machineLoopBound = n);
    }

    public ReadaheadConfig withExecutor(Executor executor) {
        return edited(e -> e.executor = executor);
    }

    public ReadaheadConfig withSnapshotLimits(int extentsPerDevice, int recent) {
        return edited(e -> {
            e.snapshotExtentsPerDevice = extentsPerDevice;
            e.recentPerDevice = recent;
        });
    }

    public ReadaheadConfig withCoalesceBytes(int bytes) {
        return edited(e -> e.coalesceBytes = bytes);
    }

    public ReadaheadConfig withCoalesceGapBytes(int bytes) {
        return edited(e -> e.coalesceGapBytes = bytes);
    }

    public ReadaheadConfig withBackground(boolean inBackground) {
        return edited(e -> e.background = inBackground);
    }

    public ReadaheadConfig withFailover(boolean on) {
        return edited(e -> e.failover = on);
    }

    public ReadaheadConfig withScrub(boolean on) {
        return edited(e -> e.scrub = on);
    }

    public ReadaheadConfig withReadTimeout(Duration timeout) {
        return edited(e -> e.readTimeout = timeout);
    }

    public ReadaheadConfig withStreamZones(StreamZones when) {
        return edited(e -> e.streamZones = when);
    }

    public ReadaheadConfig withStreamBufferBytes(long bytes) {
        return edited(e -> e.streamBufferBytes = bytes);
    }

    public ReadaheadConfig withStreamDensity(double fraction) {
        return edited(e -> e.streamDensity = fraction);
    }

    public ReadaheadConfig withStreamHelp(boolean on) {
        return edited(e -> e.streamHelp = on);
    }

    public ReadaheadConfig withHugePages(boolean on) {
        return edited(e -> e.hugePages = on);
    }

    public ReadaheadConfig withStreamLeaves(boolean on) {
        return edited(e -> e.streamLeaves = on);
    }

    private ReadaheadConfig edited(Consumer<Editor> change) {
        Editor e = new Editor(this);
        change.accept(e);
        return e.done();
    }

    /**
     * A copy of a config with one setting changed: every wither goes through it, so the component
     * list is spelled out once here and once in the record header.
     */
    private static final class Editor {
        Strategy strategy;
        int maxInFlightPerDevice;
        int machineLoopBound;
        Executor executor;
        int snapshotExtentsPerDevice;
        int recentPerDevice;
        int coalesceBytes;
        int coalesceGapBytes;
        boolean background;
        boolean failover;
        boolean scrub;
        Duration readTimeout;
        EngineMode engine;
        StreamZones streamZones;
        long streamBufferBytes;
        double streamDensity;
        boolean streamHelp;
        boolean hugePages;
        boolean streamLeaves;

        Editor(ReadaheadConfig c) {
            strategy = c.strategy;
            maxInFlightPerDevice = c.maxInFlightPerDevice;
            machineLoopBound = c.machineLoopBound;
            executor = c.executor;
            snapshotExtentsPerDevice = c.snapshotExtentsPerDevice;
            recentPerDevice = c.recentPerDevice;
            coalesceBytes = c.coalesceBytes;
            coalesceGapBytes = c.coalesceGapBytes;
            background = c.background;
            failover = c.failover;
            scrub = c.scrub;
            readTimeout = c.readTimeout;
            engine = c.engine;
            streamZones = c.streamZones;
            streamBufferBytes = c.streamBufferBytes;
            streamDensity = c.streamDensity;
            streamHelp = c.streamHelp;
            hugePages = c.hugePages;
            streamLeaves = c.streamLeaves;
        }

        ReadaheadConfig done() {
            return new ReadaheadConfig(strategy, maxInFlightPerDevice, machineLoopBound, executor,
                    snapshotExtentsPerDevice, recentPerDevice, coalesceBytes, coalesceGapBytes, background, failover,
                    scrub, readTimeout, engine, streamZones, streamBufferBytes, streamDensity, streamHelp, hugePages,
                    streamLeaves);
        }
    }
}
