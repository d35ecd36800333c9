package btrfs.workbench.readahead.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.readahead.ReadaheadRequest;
import btrfs.workbench.readahead.state.ControlSnapshot;

/**
 * Readahead of trees of an opened filesystem, as the CLI and the GUI start it: a
 * {@link FilesystemTarget} with as many I/O threads per device as reads may be in flight, an
 * engine, and one control per tree (btrfs_reada_add for each); trees added later share the
 * engine and its read order. Closing cancels what still runs and stops the engine and the I/O
 * threads; the filesystem stays open.
 */
public final class ReadaheadRun implements AutoCloseable {

    /** How long the engine may take to drop its last zones after the last control finished. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final FilesystemTarget target;
    private final ReadaheadEngine engine;
    private final List<ReadaheadControl> controls = new ArrayList<>();
    private long started;
    private volatile long finishedAfter = -1;

    private ReadaheadRun(FilesystemTarget target, ReadaheadEngine engine) {
        this.target = target;
        this.engine = engine;
    }

    /**
     * The target and engine, without controls yet: add listeners (they may need the target, e.g.
     * its mirrors, and see every event from the first control on), then {@link #add} the trees.
     */
    public static ReadaheadRun prepare(BtrfsFilesystem fs, ReadaheadConfig config, IoModel io) {
        return prepare(fs, config, io, false);
    }

    /**
     * {@link #prepare(BtrfsFilesystem, ReadaheadConfig, IoModel)} on a filesystem that is
     * mounted ({@code live}): blocks rewritten during the run are counted as changed, not as
     * errors (see {@link FilesystemTarget#live()}).
     */
    public static ReadaheadRun prepare(BtrfsFilesystem fs, ReadaheadConfig config, IoModel io, boolean live) {
        FilesystemTarget target = new FilesystemTarget(fs, config.maxInFlightPerDevice(), io, config.background(),
                config.readTimeout(), live, config.hugePages());
        return new ReadaheadRun(target, new ReadaheadEngine(target, config));
    }

    /**
     * Adds one control per tree for {@code [start, end)}, all at once, and returns them. May be
     * called again while earlier controls run: like readaheads started one after the other in
     * the kernel, they share the engine and its read order.
     */
    public synchronized List<ReadaheadControl> add(List<TreeRoot> roots, Key start, Key end) {
        return add(roots, start, end, Following.NONE);
    }

    /** {@link #add(List, Key, Key)}, the controls following leaves or restarting as {@code following} says. */
    public synchronized List<ReadaheadControl> add(List<TreeRoot> roots, Key start, Key end, Following following) {
        Objects.requireNonNull(roots, "roots");
        if (controls.isEmpty()) {
            started = System.nanoTime();
        }
        List<ReadaheadRequest> batch = new ArrayList<>();
        for (TreeRoot root : roots) {
            batch.add(new ReadaheadRequest(root.name(), root.bytenr(), root.generation(), root.level(), start, end,
                    root.id(), following));
        }
        List<ReadaheadControl> added = engine.addAll(batch);
        controls.addAll(added);
        return added;
    }

    /** The readahead target over the filesystem (its mirrors, block groups). */
    public FilesystemTarget target() {
        return target;
    }

    public ReadaheadEngine engine() {
        return engine;
    }

    /** One per tree, in the order they were added. */
    public synchronized List<ReadaheadControl> controls() {
        return List.copyOf(controls);
    }

    /**
     * btrfs_reada_wait for every control; then waits until the engine is idle, so that every
     * event was delivered and the counters are final. Returns the controls' final progress.
     */
    public List<ControlSnapshot> await() throws InterruptedException {
        List<ControlSnapshot> finals = new ArrayList<>();
        for (ReadaheadControl control : controls()) {
            finals.add(control.waitFor());
        }
        finishedAfter = System.nanoTime() - started;
        engine.awaitIdle(DRAIN);
        return finals;
    }

    /** Nanoseconds from adding the controls until the last one finished (until now while running). */
    public long elapsedNanos() {
        long finished = finishedAfter;
        return finished >= 0 ? finished : System.nanoTime() - started;
    }

    public void cancel() {
        controls().forEach(ReadaheadControl::cancel);
    }

    @Override
    public void close() {
        engine.close();
        target.close();
    }
}
