package btrfs.workbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.readahead.heatmap.DeviceLayouts;
import btrfs.workbench.readahead.heatmap.HeatmapRecorder;
import btrfs.workbench.readahead.io.ReadaheadRun;
import btrfs.workbench.snapshot.ArrayState;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.snapshot.Snapshots;
import btrfs.workbench.snapshot.ThroughputSeries;
import btrfs.workbench.snapshot.record.Recorder;
import btrfs.workbench.snapshot.trace.TraceWriter;

/**
 * What {@code readahead} writes besides its report: {@code --trace} (events), {@code --record}
 * (events and frames, for a replay), {@code --snapshot} (the final state) and
 * {@code --snapshot-every} (numbered snapshots during the run). Attach before the run starts,
 * {@link #finish()} after it ended; {@link #close()} in any case releases the threads and files.
 */
final class RunOutputs implements AutoCloseable {

    /** Heatmap cells per device: a 256 x 256 Hilbert square, as the GUI draws it. */
    private static final int HEATMAP_CELLS = 65536;

    private final ReadaheadRun run;
    private final BtrfsFilesystem fs;
    private final ReadaheadArgs args;
    private final String version;
    private final ThroughputSeries throughput = new ThroughputSeries();
    private HeatmapRecorder heat;
    private TraceWriter trace;
    private Recorder recorder;
    private ScheduledExecutorService periodic;
    private int numbered;
    private volatile CliException periodicFailure;

    private RunOutputs(ReadaheadRun run, BtrfsFilesystem fs, ReadaheadArgs args, String version) {
        this.run = run;
        this.fs = fs;
        this.args = args;
        this.version = version;
    }

    static RunOutputs attach(ReadaheadRun run, BtrfsFilesystem fs, ReadaheadArgs args, String version)
            throws CliException {
        RunOutputs outputs = new RunOutputs(run, fs, args, version);
        try {
            outputs.open();
        } catch (CliException | RuntimeException e) {
            outputs.close();
            throw e;
        }
        return outputs;
    }

    private void open() throws CliException {
        if (args.trace() != null) {
            trace = create("trace", args.trace(), () -> TraceWriter.to(args.trace()));
            run.engine().addListener(trace);
        }
        if (args.snapshot() != null || args.record() != null) {
            // snapshots and recordings carry the heatmap: recorded only when one is asked for
            heat = new HeatmapRecorder(run.target(), DeviceLayouts.of(fs), HEATMAP_CELLS);
            run.engine().addListener(heat);
        }
        if (args.record() != null) {
            recorder = create("recording", args.record(), () -> Recorder.start(args.record(), version,
                    ArrayState.of(fs), this::runState, Recorder.DEFAULT_INTERVAL));
            run.engine().addListener(recorder);
        }
        if (args.snapshotEvery() != null) {
            periodic = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "btrfs-readahead-snapshots");
                t.setDaemon(true);
                return t;
            });
            long every = args.snapshotEvery().toMillis();
            periodic.scheduleAtFixedRate(this::numberedSnapshot, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private interface Opening<T> {
        T open() throws IOException;
    }

    private static <T> T create(String what, Path file, Opening<T> opening) throws CliException {
        try {
            return opening.open();
        } catch (IOException e) {
            throw new CliException(Cli.BAD_INPUT, "cannot write the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The run's state for a frame or snapshot; every call adds a throughput sample. */
    private DiagnosticSnapshot runState() {
        DiagnosticSnapshot state = Snapshots.runState(run.engine(), run.controls(), throughput.snapshot(),
                heat.snapshot());
        throughput.add(state.engine());
        return state;
    }

    private DiagnosticSnapshot snapshot() {
        runState(); // a sample for the throughput series, so that the snapshot's chart has this point
        return Snapshots.ofRun(version, fs, run.engine(), run.controls(), throughput.snapshot(), heat.snapshot());
    }

    private void numberedSnapshot() {
        if (periodicFailure != null) {
            return;
        }
        numbered++;
        Path file = numberedFile(args.snapshot(), numbered);
        try {
            SnapshotFiles.write(snapshot(), file);
        } catch (IOException e) {
            periodicFailure = new CliException(Cli.BAD_INPUT, "cannot write the snapshot " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code run.json} → {@code run-0001.json}; {@code run.json.gz} → {@code run-0001.json.gz}. */
    static Path numberedFile(Path file, int number) {
        String name = file.getFileName().toString();
        int dot = name.endsWith(".json.gz") ? name.length() - 8 : name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(String.format("%s-%04d%s", stem, number, ext));
    }

    /** After the run: the final snapshot, the recording's last frame; the first failure to write. */
    void finish() throws CliException {
        stopPeriodic();
        try {
            // the last events are delivered after the controls finished: wait for them
            run.engine().awaitIdle(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (periodicFailure != null) {
            throw periodicFailure;
        }
        if (args.snapshot() != null) {
            SnapshotOutput.write(snapshot(), args.snapshot());
        }
        closeFiles();
    }

    private void stopPeriodic() {
        if (periodic == null) {
            return;
        }
        periodic.shutdown();
        try {
            periodic.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeFiles() throws CliException {
        Recorder r = recorder;
        TraceWriter t = trace;
        recorder = null;
        trace = null;
        if (r != null) {
            create("recording", args.record(), () -> {
                r.close();
                return r;
            });
        }
        if (t != null) {
            create("trace", args.trace(), () -> {
                t.close();
                return t;
            });
        }
    }

    @Override
    public void close() {
        stopPeriodic();
        try {
            closeFiles();
        } catch (CliException e) {
            // already failing: the first error is the one reported
        }
    }

    /** Numbered snapshots written so far. */
    int numbered() {
        return numbered;
    }

    static Duration every(double seconds) {
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }
}
