package btrfs.workbench.session.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.heatmap.HeatmapRecorder;
import btrfs.workbench.readahead.heatmap.HeatmapSnapshot;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.session.TreeNames;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.snapshot.Snapshots;

/**
 * One readahead run: a control per tree of its {@link RunSpec} on its {@link ArraySession}'s
 * engine (btrfs_reada_add for each), what it writes besides ({@link RunOutputs}), and its frames
 * for the live views. The GUI and the CLI start, watch, snapshot and stop runs only through here.
 */
public final class LiveRun implements ActiveRun, AutoCloseable {

    /** How long the engine may take to deliver its last events after the last control finished. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final ArraySession session;
    private final RunSpec spec;
    private final String toolVersion;
    private final List<TreeRoot> roots;
    private final List<ReadaheadListener> listeners;
    /** Where a recording to standard output goes, or null. */
    private final OutputStream standardOut;
    private final long started = System.nanoTime();
    /** The run's controls, one per tree, once added (none before: outputs attach first). */
    private volatile List<ReadaheadControl> controls = List.of();
    private RunOutputs outputs;
    private volatile long finishedAfter = -1;
    private volatile RunFrame last;
    private volatile boolean closed;
    /** The queue page the Extent queue view wants: devid, from, count. */
    private volatile long[] queueWanted = { -1, 0, 0 };

    private LiveRun(ArraySession session, RunSpec spec, String toolVersion, List<TreeRoot> roots,
            List<ReadaheadListener> listeners, OutputStream standardOut) {
        this.standardOut = standardOut;
        this.session = session;
        this.spec = spec;
        this.toolVersion = toolVersion;
        this.roots = List.copyOf(roots);
        this.listeners = List.copyOf(listeners);
    }

    /** Resolves the trees, attaches the outputs and listeners, then adds the controls. */
    static LiveRun start(ArraySession session, RunSpec spec, String toolVersion, List<ReadaheadListener> listeners,
            OutputStream standardOut) throws SessionException {
        LiveRun run = new LiveRun(session, spec, toolVersion, roots(session, spec), listeners, standardOut);
        // before the controls: the outputs and listeners see every event from the first enqueue on
        run.outputs = RunOutputs.attach(run, spec.outputs());
        ReadaheadEngine engine = session.engine();
        run.listeners.forEach(engine::addListener);
        List<ReadaheadControl> added;
        try {
            added = session.readahead().add(run.roots, spec.start(), spec.end(), spec.following());
        } catch (RuntimeException e) {
            run.outputs.close();
            run.listeners.forEach(engine::removeListener);
            throw e;
        }
        run.controls = List.copyOf(added);
        // the run's time ends when its last control does, not when someone next looks
        CompletableFuture.allOf(added.stream().map(ReadaheadControl::completion).toArray(CompletableFuture[]::new))
                .thenRun(() -> run.finishedAfter = System.nanoTime() - run.started);
        run.sample();
        return run;
    }

    private static List<TreeRoot> roots(ArraySession session, RunSpec spec) throws SessionException {
        List<TreeRoot> roots = new ArrayList<>();
        for (long id : spec.trees()) {
            roots.add(session.array().filesystem().treeRoot(id)
                    .orElseThrow(() -> new SessionException("tree " + TreeNames.shortName(id) + " not present")));
        }
        return roots;
    }

    public RunSpec spec() {
        return spec;
    }

    public ArraySession session() {
        return session;
    }

    /** The trees read, one control each, in the spec's order. */
    public List<TreeRoot> roots() {
        return roots;
    }

    @Override
    public String arrayName() {
        return session.array().name();
    }

    @Override
    public String label() {
        return arrayName() + ": " + String.join(", ", roots.stream().map(TreeRoot::name).toList());
    }

    public ReadaheadEngine engine() {
        return session.engine();
    }

    /** This run's controls, one per tree. */
    public List<ReadaheadControl> controls() {
        return controls;
    }

    @Override
    public boolean isFinished() {
        return controls.stream().allMatch(ReadaheadControl::isDone);
    }

    /**
     * btrfs_reada_wait for every control of this run; when no other run shares the engine, also
     * until the engine is idle, so that every event was delivered and the counters are final.
     * Returns the controls' final progress.
     */
    public List<ControlSnapshot> await() throws InterruptedException {
        List<ControlSnapshot> finals = new ArrayList<>();
        for (ReadaheadControl control : controls) {
            finals.add(control.waitFor());
        }
        if (session.alone()) {
            engine().awaitIdle(DRAIN);
        }
        return finals;
    }

    /** Nanoseconds from the launch until the last control finished (until now while running). */
    public long elapsedNanos() {
        long finished = finishedAfter;
        return finished >= 0 ? finished : System.nanoTime() - started;
    }

    @Override
    public List<BlockGroup> metadataZones(long devid) {
        return session.metadataZones(devid);
    }

    /** Takes a new frame (off the UI thread); after the run finished, the final one once more. */
    public RunFrame sample() {
        RunFrame frame = last;
        if (frame != null && frame.finished() || closed) {
            return frame;
        }
        boolean finished = isFinished();
        EngineSnapshot engine = engine().snapshot();
        session.throughput().add(engine);
        List<ControlSnapshot> progress = controls.stream().map(ReadaheadControl::progress).toList();
        frame = new RunFrame(engine, progress, session.throughput().snapshot(), queuePage(), heatSnapshot(),
                elapsedNanos(), finished);
        last = frame;
        return frame;
    }

    private HeatmapSnapshot heatSnapshot() {
        HeatmapRecorder heat = session.heat();
        return heat == null ? null : heat.snapshot();
    }

    @Override
    public void wantQueue(long devid, int from, int count) {
        queueWanted = new long[] { devid, from, count };
    }

    private QueuePage queuePage() {
        long[] wanted = queueWanted;
        if (wanted[0] < 0 || wanted[2] <= 0) {
            return QueuePage.NONE;
        }
        int from = (int) wanted[1];
        return new QueuePage(wanted[0], from, engine().queue(wanted[0], from, (int) wanted[2]));
    }

    @Override
    public RunFrame frame() {
        return last;
    }

    /**
     * What changes during the run, for a recording's frame: engine, whole queues, controls,
     * throughput, heatmap. Every call adds a throughput sample.
     */
    DiagnosticSnapshot state() {
        DiagnosticSnapshot state = Snapshots.runState(engine(), controls, session.throughput().snapshot(),
                heatSnapshot());
        session.throughput().add(state.engine());
        return state;
    }

    /** A diagnostic snapshot of this run now: array, engine, whole queues, controls, throughput, heatmap. */
    @Override
    public DiagnosticSnapshot snapshot() {
        state(); // a throughput sample, so that the snapshot's chart has this point
        return Snapshots.ofRun(toolVersion, session.array().filesystem(), engine(), controls,
                session.throughput().snapshot(), heatSnapshot());
    }

    String toolVersion() {
        return toolVersion;
    }

    /** Where a recording to standard output goes, or null (the GUI's runs have none). */
    OutputStream standardOut() {
        return standardOut;
    }

    /**
     * Saves a snapshot of this run into {@code dir} (created if needed) under a name made of the
     * array's and the time's, and returns the file.
     */
    public Path saveSnapshotInto(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("readahead-" + arrayName().replaceAll("[^A-Za-z0-9.-]", "_") + "-"
                + LocalDateTime.now().format(STAMP) + ".json.gz");
        SnapshotFiles.write(snapshot(), file);
        return file;
    }

    /**
     * After the run: the final snapshot and the recording's last frame are written, the trace
     * and recording completed (a stopped run is written as far as it got).
     *
     * @throws SessionException naming the first output that could not be written
     */
    public void finish() throws SessionException {
        outputs.finish(session.alone() ? DRAIN : Duration.ZERO);
    }

    @Override
    public void cancel() {
        controls.forEach(ReadaheadControl::cancel);
    }

    /** Takes the final frame and lets go of the array (its session closes when no run uses it). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        sample();
        closed = true;
        outputs.close();
        listeners.forEach(engine()::removeListener);
        session.release();
    }
}
