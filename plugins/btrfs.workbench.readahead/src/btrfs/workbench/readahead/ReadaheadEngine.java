package btrfs.workbench.readahead;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;

/**
 * The readahead engine: the kernel v4.19 readahead framework (fs/btrfs/reada.c) over a
 * {@link ReadaheadTarget}, strictly read-only. {@link #add} starts a readahead of a tree's key
 * range (btrfs_reada_add) and returns its control; any number run at once and share one global
 * read order. {@link #snapshot()} shows devices, zones, queues and controls; listeners get every
 * step as an event.
 * <p>
 * Thread-safe. Machine passes run on the configured executor; read completions are handled on
 * whatever thread the target calls back on.
 */
public final class ReadaheadEngine implements AutoCloseable {

    private final EngineCore core;

    public ReadaheadEngine(ReadaheadTarget target) {
        this(target, ReadaheadConfig.defaults());
    }

    public ReadaheadEngine(ReadaheadTarget target, ReadaheadConfig config) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(config, "config");
        this.core = config.strategy() == Strategy.NAIVE ? new NaiveWalker(target, config)
                : new ReadaMachine(target, config);
    }

    /**
     * btrfs_reada_add: reads the tree at {@code request.rootLogical()} (which must have
     * {@code request.rootGeneration()}) and every block whose key span intersects
     * {@code [start, end)}. Returns at once.
     *
     * @throws IllegalStateException if the engine is closed or aborted (it ran out of memory)
     * @throws IllegalArgumentException if the request follows leaves or restarts on the naive strategy
     */
    public ReadaheadControl add(ReadaheadRequest request) {
        return addAll(List.of(Objects.requireNonNull(request, "request"))).get(0);
    }

    /**
     * {@link #add} for each request, in order, as one batch: under {@link StreamZones#AUTO} a
     * batch whose whole trees make what the stream reads dense ({@link
     * ReadaheadConfig#streamDensity()}) starts the zone stream before its roots are queued.
     * Returns the controls in the order of the requests.
     *
     * @throws IllegalStateException if the engine is closed or aborted (it ran out of memory)
     * @throws IllegalArgumentException if a request follows leaves or restarts on the naive strategy
     */
    public List<ReadaheadControl> addAll(List<ReadaheadRequest> requests) {
        for (ReadaheadRequest request : requests) {
            Objects.requireNonNull(request, "request");
            if (request.following().any() && core.strategy() != Strategy.READA) {
                throw new IllegalArgumentException("following leaves and restarts need the reada strategy");
            }
        }
        if (core.isClosed()) {
            throw new IllegalStateException("readahead engine is closed");
        }
        return List.copyOf(core.startAll(List.copyOf(requests)));
    }

    /**
     * btrfs_reada_add(root, start, end) with an unnamed control; {@code rootLevel} may be
     * {@link ReadaheadRequest#UNKNOWN_LEVEL}.
     */
    public ReadaheadControl add(long treeRootLogical, int rootLevel, long rootGeneration, Key start, Key end) {
        return add(new ReadaheadRequest(null, treeRootLogical, rootGeneration, rootLevel, start, end));
    }

    /** A consistent picture of the engine, taken under its lock; cheap enough for a live view. */
    public EngineSnapshot snapshot() {
        return core.snapshot();
    }

    /**
     * {@code count} extents of device {@code devid}'s queue in the order it will read them (reads
     * in flight first), starting at position {@code from}: a page for a virtual table, taken
     * under the lock like a snapshot. The queue's length is in
     * {@link btrfs.workbench.readahead.state.DeviceSnapshot#queued()}.
     */
    public List<ExtentSnapshot> queue(long devid, int from, int count) {
        return core.queue(devid, from, count);
    }

    public void addListener(ReadaheadListener listener) {
        core.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ReadaheadListener listener) {
        core.removeListener(listener);
    }

    public Strategy strategy() {
        return core.strategy();
    }

    public ReadaheadConfig config() {
        return core.config;
    }

    /** How often a machine pass stopped at the loop bound and handed over to a fresh worker (tests). */
    long handovers() {
        return core.handovers.get();
    }

    /** What keeps the engine from being idle, for tests ("" when idle). */
    String busyState() {
        return core.busyState();
    }

    /**
     * True when nothing is queued or in flight, every zone is freed and every event delivered.
     * Controls complete (and wake their waiters) slightly before that: the devices drop their
     * last current zones in the machine pass that follows the last completion.
     */
    public boolean isIdle() {
        return core.isIdle();
    }

    /** Waits until {@link #isIdle()}; false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return core.awaitIdle(timeout);
    }

    /**
     * Why the engine aborted, or null while it is sound. An Error in a machine pass or a read's
     * completion (out of memory — the kernel BUG()s there) aborts it: every running control
     * finishes at once, cancelled with an error saying why ({@link
     * btrfs.workbench.readahead.state.ReadError#aborted}), its queues and zones are dropped and
     * it takes no new control.
     */
    public String abortReason() {
        return core.abortReason();
    }

    /** Cancels every running control and stops the engine's own worker thread, if it has one. */
    @Override
    public void close() {
        core.close();
    }

    /** For tests: internal consistency problems (refcounts, zone elems, maps), empty if none. */
    List<String> checkConsistency() {
        return core.check();
    }
}
