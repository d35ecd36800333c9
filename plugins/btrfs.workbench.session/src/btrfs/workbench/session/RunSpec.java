package btrfs.workbench.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.EngineMode;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.io.IoModel;

/**
 * Everything a readahead run is: the array's devices, its trees (one control each, as
 * {@code btrfs_reada_add}), the key range, how the engine reads, and what the run writes besides.
 * The launch dialog and the command line both make one, and the session starts runs from nothing
 * else: every option's default and every rule between options is here, once.
 *
 * @param devices     every device or image of the array, as the user named them (a .zst image is
 *                    unpacked when the array is opened)
 * @param trees       the trees' objectids, each read by its own control, all at once
 * @param start       the key range's first key
 * @param end         the key range's end (exclusive)
 * @param maxInFlight reads in flight per device at most (the kernel's MAX_IN_FLIGHT by default)
 * @param coalesce    a device's next queued blocks are read as one I/O of up to
 *                    {@link ReadaheadConfig#COALESCE_BYTES}
 * @param coalesceGap the largest hole a coalesced read reads through (0 without coalescing)
 * @param failover    a bad copy is read again from the next mirror (off: v4.19's cut branch)
 * @param scrub       every copy of every block is read and compared
 * @param io          pacing of the reads (a device model for images), none by default
 * @param readTimeout a read not answered after this long fails; zero waits forever
 * @param outputs     what the run writes besides its report
 * @param engine      the reada strategy's schedule: the workbench's, or v4.19's exactly (then
 *                    no coalescing, failover, scrub or following: its defaults are off)
 * @param streamZones when zone streaming reads every tree block group once, front to back, split
 *                    across its mirrors, and serves the walk from that: a run whose whole trees
 *                    make the block groups dense ({@link StreamZones#AUTO}, the default), a run of
 *                    any whole tree, or never
 * @param streamHelp  a device that has read its share of the stream reads the rest of a slower
 *                    mirror's from its own copy (off by default); always false where the run
 *                    never streams: one meaning for "not streaming"
 * @param hugePages   coalesced and stream reads land in huge pages where the kernel has them (on
 *                    by default: see {@link ReadaheadConfig#HUGE_PAGES})
 * @param streamLeaves where the trees leave much of the tree block groups to skip, the stream waits
 *                    for the nodes and reads only the leaves they name (on by default: see {@link
 *                    ReadaheadConfig#STREAM_LEAVES}); always the default where the run does not
 *                    stream {@link StreamZones#AUTO}matically: one meaning for "not deciding"
 */
public record RunSpec(List<Path> devices, List<Long> trees, Key start, Key end, Strategy strategy, int maxInFlight,
        boolean coalesce, int coalesceGap, boolean failover, boolean scrub, Priority priority, boolean direct,
        IoModel io, Duration readTimeout, Following following, Outputs outputs, EngineMode engine,
        StreamZones streamZones, boolean streamHelp, boolean hugePages, boolean streamLeaves) {

    /**
     * Whether nearby blocks are read as one I/O unless told otherwise: yes, since it wins in the
     * cold-cache benchmark (reading all trees of its RAID1 takes 1.1 to 1.7 times as long
     * without); off reads each block on its own, as the kernel did.
     */
    public static final boolean COALESCE_BY_DEFAULT = true;

    /**
     * When a run streams its block groups unless told otherwise: when the trees it reads whole make
     * them dense, where streaming won in the cold-cache benchmark (see {@link StreamZones#AUTO}).
     */
    public static final StreamZones STREAM_ZONES_BY_DEFAULT = StreamZones.AUTO;

    /** More than any device queue takes; a typo like 6000 is caught. */
    public static final int MAX_IN_FLIGHT_LIMIT = 1024;

    /** Pacing bounds: a minute per read, a terabyte per second. */
    public static final Duration MAX_LATENCY = Duration.ofMinutes(1);
    public static final long MAX_BYTES_PER_SECOND = 1_000_000_000_000L;

    /** The longest read timeout and snapshot interval: a day. */
    public static final Duration MAX_DURATION = Duration.ofDays(1);

    /** The shortest interval between numbered snapshots. */
    public static final Duration MIN_SNAPSHOT_EVERY = Duration.ofMillis(10);

    /**
     * What a run writes besides its report, each null when not wanted.
     *
     * @param trace         every engine event as a JSON line
     * @param record        events and frames of the views, for the Replay view; {@link #STDOUT}
     *                      streams them to the run's standard output instead of a file
     * @param snapshot      the final state as a diagnostic snapshot
     * @param snapshotEvery numbered snapshots ({@code run-0001.json} ...) at this interval
     */
    public record Outputs(Path trace, Path record, Path snapshot, Duration snapshotEvery) {

        public static final Outputs NONE = new Outputs(null, null, null, null);

        /**
         * {@code --record -}: the recording goes to standard output, not compressed, a frame at a
         * time, for a reader at the other end of a pipe or an SSH connection (the remote run).
         */
        public static final Path STDOUT = Path.of("-");

        /** True if the recording is streamed to standard output. */
        public boolean recordsToStdout() {
            return STDOUT.equals(record);
        }

        /** Snapshots and recordings carry the heatmap: it is recorded only when one is wanted. */
        public boolean needHeatmap() {
            return record != null || snapshot != null;
        }
    }

    public RunSpec {
        devices = List.copyOf(devices);
        trees = List.copyOf(trees);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(following, "following");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(streamZones, "streamZones");
        if (!coalesce) {
            coalesceGap = 0; // no hole to read through: one meaning for "not coalescing"
        }
        if (streamZones == StreamZones.OFF || !ReadaheadConfig.canStream(strategy, engine, scrub)) {
            streamHelp = false; // no stream to help with
        }
        if (streamZones != StreamZones.AUTO || !ReadaheadConfig.canStream(strategy, engine, scrub)) {
            streamLeaves = ReadaheadConfig.STREAM_LEAVES; // only the automatic stream goes leaves first
        }
        Rules.check(devices, trees, start, end, strategy, maxInFlight, coalesceGap, failover, scrub, io, readTimeout,
                following, outputs);
        Rules.checkEngine(engine, coalesce, failover, scrub, following);
        Rules.checkStreaming(streamZones, strategy, engine, scrub);
    }

    /** The defaults: the command line's without options. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values, to change some. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The engine settings of this run. */
    public ReadaheadConfig engineConfig() {
        return ReadaheadConfig.defaults().withStrategy(strategy).withMaxInFlightPerDevice(maxInFlight)
                .withCoalesceBytes(coalesce ? ReadaheadConfig.COALESCE_BYTES : 0).withCoalesceGapBytes(coalesceGap)
                .withBackground(priority == Priority.BACKGROUND).withFailover(failover).withScrub(scrub)
                .withReadTimeout(readTimeout).withEngine(engine).withStreamZones(streamZones)
                .withStreamHelp(streamHelp).withHugePages(hugePages).withStreamLeaves(streamLeaves);
    }

    /** Builds a {@link RunSpec} from the defaults; {@link #build()} checks the rules. */
    public static final class Builder {
        private List<Path> devices = List.of();
        private List<Long> trees = List.of();
        private Key start = Key.MIN;
        private Key end = Key.MAX;
        private Strategy strategy = Strategy.READA;
        private int maxInFlight = ReadaheadConfig.MAX_IN_FLIGHT;
        /** Null: the engine's default (on for the workbench, off for v4.19). */
        private Boolean coalesce;
        private int coalesceGap = ReadaheadConfig.COALESCE_GAP_BYTES;
        /** Null: the engine's default (on for the workbench, off for v4.19). */
        private Boolean failover;
        private EngineMode engine = EngineMode.WORKBENCH;
        private boolean scrub;
        private Priority priority = Priority.BACKGROUND;
        private boolean direct;
        private Duration latency = Duration.ZERO;
        private long bytesPerSecond;
        private boolean seeks;
        private Duration readTimeout = ReadaheadConfig.READ_TIMEOUT;
        private Following following = Following.NONE;
        private Outputs outputs = Outputs.NONE;
        private StreamZones streamZones = STREAM_ZONES_BY_DEFAULT;
        private boolean streamHelp = ReadaheadConfig.STREAM_HELP;
        private boolean hugePages = ReadaheadConfig.HUGE_PAGES;
        private boolean streamLeaves = ReadaheadConfig.STREAM_LEAVES;

        private Builder() {
        }

        private Builder(RunSpec s) {
            devices = s.devices;
            trees = s.trees;
            start = s.start;
            end = s.end;
            strategy = s.strategy;
            maxInFlight = s.maxInFlight;
            coalesce = s.coalesce;
            coalesceGap = s.coalesce ? s.coalesceGap : ReadaheadConfig.COALESCE_GAP_BYTES;
            failover = s.failover;
            scrub = s.scrub;
            priority = s.priority;
            direct = s.direct;
            io(s.io);
            readTimeout = s.readTimeout;
            following = s.following;
            outputs = s.outputs;
            engine = s.engine;
            streamZones = s.streamZones;
            streamHelp = s.streamHelp;
            hugePages = s.hugePages;
            streamLeaves = s.streamLeaves;
        }

        public Builder devices(List<Path> paths) {
            devices = new ArrayList<>(paths);
            return this;
        }

        /** Every present device of {@code array}, as the scan found them (compressed images too). */
        public Builder devicesOf(BtrfsArray array) {
            return devices(array.devices().stream().map(ArrayDevice::path).toList());
        }

        public Builder trees(List<Long> ids) {
            trees = new ArrayList<>(ids);
            return this;
        }

        public Builder range(Key from, Key to) {
            start = from;
            end = to;
            return this;
        }

        public Builder strategy(Strategy s) {
            strategy = s;
            return this;
        }

        public Builder maxInFlight(int n) {
            maxInFlight = n;
            return this;
        }

        /** Coalescing on or off; on keeps the gap set (the default gap unless one was set). */
        public Builder coalesce(boolean on) {
            coalesce = on;
            return this;
        }

        public Builder coalesceGap(int bytes) {
            coalesceGap = bytes;
            return this;
        }

        public Builder failover(boolean on) {
            failover = on;
            return this;
        }

        public Builder scrub(boolean on) {
            scrub = on;
            return this;
        }

        public Builder priority(Priority p) {
            priority = p;
            return this;
        }

        public Builder direct(boolean on) {
            direct = on;
            return this;
        }

        public Builder io(IoModel model) {
            return pacing(model.latency(), model.bytesPerSecond(), model.seeks());
        }

        /** The pacing as typed: checked (no negative latency or bandwidth) when built. */
        public Builder pacing(Duration perRead, long bandwidth, boolean diskSeeks) {
            latency = perRead;
            bytesPerSecond = bandwidth;
            seeks = diskSeeks;
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            readTimeout = timeout;
            return this;
        }

        public Builder following(Following f) {
            following = f;
            return this;
        }

        public Builder outputs(Outputs o) {
            outputs = o;
            return this;
        }

        /** The schedule; v4.19's turns the workbench's defaults (coalescing, failover) off. */
        public Builder engine(EngineMode mode) {
            engine = mode;
            return this;
        }

        public Builder streamZones(StreamZones when) {
            streamZones = when;
            return this;
        }

        /** Whether a device that has read its share of the stream helps a slower mirror (default: no). */
        public Builder streamHelp(boolean on) {
            streamHelp = on;
            return this;
        }

        /** Whether coalesced and stream reads land in huge pages (default: yes, where the kernel has them). */
        public Builder hugePages(boolean on) {
            hugePages = on;
            return this;
        }

        /** Whether the automatic stream reads the nodes first and then only the leaves they name (default: yes). */
        public Builder streamLeaves(boolean on) {
            streamLeaves = on;
            return this;
        }

        /** @throws RunSpecException naming the first rule broken */
        public RunSpec build() {
            Rules.checkPacing(latency, bytesPerSecond);
            IoModel io = new IoModel(latency, bytesPerSecond, seeks);
            boolean workbench = engine == EngineMode.WORKBENCH;
            return new RunSpec(devices, trees, start, end, strategy, maxInFlight,
                    coalesce != null ? coalesce : workbench && COALESCE_BY_DEFAULT, coalesceGap,
                    failover != null ? failover : workbench, scrub, priority, direct, io, readTimeout, following,
                    outputs, engine, streamZones, streamHelp, hugePages, streamLeaves);
        }
    }
}
