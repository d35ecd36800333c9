package btrfs.workbench.session.run;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.snapshot.ArrayState;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.snapshot.record.Recorder;
import btrfs.workbench.snapshot.trace.TraceHeader;
import btrfs.workbench.snapshot.trace.TraceWriter;

/**
 * What a run writes besides its report, the same for the GUI and the CLI: the trace (every event
 * as a JSON line), the recording (events and frames, for the Replay view), the final snapshot
 * and numbered snapshots during the run. Attached before the run's controls are added, finished
 * after they ended; {@link #close()} in any case releases the threads and files.
 */
final class RunOutputs implements AutoCloseable {

    private final LiveRun run;
    private final RunSpec.Outputs wanted;
    private TraceWriter trace;
    private Recorder recorder;
    private ScheduledExecutorService periodic;
    private int numbered;
    private volatile SessionException periodicFailure;

    private RunOutputs(LiveRun run, RunSpec.Outputs wanted) {
        this.run = run;
        this.wanted = wanted;
    }

    /** @throws SessionException when a file cannot be created (nothing is left open) */
    static RunOutputs attach(LiveRun run, RunSpec.Outputs wanted) throws SessionException {
        RunOutputs outputs = new RunOutputs(run, wanted);
        try {
            outputs.open();
        } catch (SessionException | RuntimeException e) {
            outputs.close();
            throw e;
        }
        return outputs;
    }

    private void open() throws SessionException {
        ReadaheadEngine engine = run.engine();
        if (wanted.trace() != null) {
            trace = create("trace", wanted.trace(), () -> TraceWriter.to(wanted.trace()));
            trace.header(TraceHeader.of(engine.config()));
            engine.addListener(trace);
        }
        if (wanted.record() != null) {
            recorder = create("recording", wanted.record(), this::startRecorder);
            engine.addListener(recorder);
        }
        if (wanted.snapshotEvery() != null) {
            periodic = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "btrfs-readahead-snapshots");
                t.setDaemon(true);
                return t;
            });
            long every = wanted.snapshotEvery().toMillis();
            periodic.scheduleAtFixedRate(this::numberedSnapshot, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * To a file, or streamed to standard output: then a reader that went away (a closed pipe, a
     * dropped SSH connection) stops the run, which nobody watches any more.
     */
    private Recorder startRecorder() throws IOException {
        ArrayState array = ArrayState.of(run.session().array().filesystem());
        if (!wanted.recordsToStdout()) {
            return Recorder.start(wanted.record(), run.toolVersion(), array, run::state, Recorder.DEFAULT_INTERVAL);
        }
        if (run.standardOut() == null) {
            throw new IOException("this run has no standard output to stream to");
        }
        Recorder streamed = Recorder.stream(run.standardOut(), run.toolVersion(), array, run::state,
                Recorder.DEFAULT_INTERVAL);
        streamed.onBroken(run::cancel);
        return streamed;
    }

    private interface Opening<T> {
        T open() throws IOException;
    }

    private static <T> T create(String what, Path file, Opening<T> opening) throws SessionException {
        try {
            return opening.open();
        } catch (IOException e) {
            throw new SessionException("cannot write the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private void numberedSnapshot() {
        if (periodicFailure != null) {
            return;
        }
        numbered++;
        Path file = numberedFile(wanted.snapshot(), numbered);
        try {
            writeSnapshot(file);
        } catch (SessionException e) {
            periodicFailure = e;
        }
    }

    private void writeSnapshot(Path file) throws SessionException {
        create("snapshot", file, () -> {
            SnapshotFiles.write(run.snapshot(), file);
            return file;
        });
    }

    /** {@code run.json} → {@code run-0001.json}; {@code run.json.gz} → {@code run-0001.json.gz}. */
    static Path numberedFile(Path file, int number) {
        String name = file.getFileName().toString();
        int dot = name.endsWith(".json.gz") ? name.length() - 8 : name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(String.format("%s-%04d%s", stem, number, ext));
    }

    /**
     * After the run: the final snapshot, the recording's last frame; the first failure to write.
     *
     * @param drain how long to wait for the engine's last events (zero when other runs share it)
     */
    void finish(Duration drain) throws SessionException {
        stopPeriodic();
        try {
            // the last events are delivered after the controls finished: wait for them
            if (!drain.isZero()) {
                run.engine().awaitIdle(drain);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (periodicFailure != null) {
            throw periodicFailure;
        }
        if (wanted.snapshot() != null) {
            writeSnapshot(wanted.snapshot());
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

    /** The recording and the trace are completed (and no longer told of events). */
    private void closeFiles() throws SessionException {
        Recorder r = recorder;
        TraceWriter t = trace;
        recorder = null;
        trace = null;
        closeFile("recording", wanted.record(), r);
        closeFile("trace", wanted.trace(), t);
    }

    private <T extends Closeable & ReadaheadListener> void closeFile(String what, Path file, T output)
            throws SessionException {
        if (output == null) {
            return;
        }
        run.engine().removeListener(output);
        create(what, file, () -> {
            output.close();
            return output;
        });
    }

    @Override
    public void close() {
        stopPeriodic();
        try {
            closeFiles();
        } catch (SessionException e) {
            // already failing: the first error is the one reported
        }
    }

    /** Numbered snapshots written so far. */
    int numbered() {
        return numbered;
    }
}
