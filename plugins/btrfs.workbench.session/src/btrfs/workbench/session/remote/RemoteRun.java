package btrfs.workbench.session.remote;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.session.RunArguments;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.session.run.ActiveRun;
import btrfs.workbench.session.run.AnnouncedRun;
import btrfs.workbench.session.run.RunFrame;
import btrfs.workbench.session.run.ShownState;
import btrfs.workbench.session.run.SnapshotRun;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotException;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.snapshot.record.RecordingStream;

/**
 * A readahead running on a server, watched here: {@code btrfs-workbench readahead ... --record -}
 * started there over ssh, its recording read line by line as it arrives and each frame shown as
 * the live views show a local run's. The server does the reading; nothing here opens a device.
 * <p>
 * Stop ends the ssh client; the server's run then finds its output closed at its next frame and
 * stops too (the CLI's rule for {@code --record -}), so no process is left there. A connection
 * that drops ends the run with the reason ({@link #failure()}); the last frame stays, and nothing
 * is tried again behind the user's back.
 */
public final class RemoteRun extends AnnouncedRun implements ActiveRun, AutoCloseable {

    /** How long the server may take to send the first frame: a JVM starting, the array opening. */
    public static final Duration FIRST_FRAME = Duration.ofMinutes(2);

    /** What is kept of the server's stderr: its last words say why a run ended. */
    private static final int STDERR_KEPT = 16 << 10;

    private final Server server;
    private final RunSpec spec;
    private final Process ssh;
    private final RecordingStream stream;
    private final StringBuilder stderr = new StringBuilder();
    private final CountDownLatch firstFrame = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Writer copy;
    private final ShownState shown = new ShownState();
    private volatile boolean stopped;
    private volatile String failure;

    private RemoteRun(Server server, RunSpec spec, Process ssh, Writer copy) {
        this.server = server;
        this.spec = spec;
        this.ssh = ssh;
        this.copy = copy;
        this.stream = new RecordingStream(server.label() + ": readahead");
    }

    /**
     * Starts {@code spec} on {@code server} and returns once its first frame arrived.
     *
     * @throws SessionException when ssh cannot log in, the workbench there cannot start the run
     *                          (its message), or no frame came within {@link #FIRST_FRAME}
     */
    public static RemoteRun start(Server server, RunSpec spec) throws SessionException {
        checkOutputs(spec.outputs());
        List<String> args = new ArrayList<>(RunArguments.of(spec));
        args.addAll(List.of("--record", "-"));
        Writer copy = recordingCopy(spec.outputs().record());
        Process ssh;
        try {
            ssh = RemoteServer.startSsh(server, args);
        } catch (SessionException e) {
            closeQuietly(copy);
            throw e;
        }
        RemoteRun run = new RemoteRun(server, spec, ssh, copy);
        run.follow();
        run.awaitFirstFrame();
        return run;
    }

    /** The outputs a remote run writes here: the recording (a copy of the stream) and the final snapshot. */
    private static void checkOutputs(RunSpec.Outputs outputs) throws SessionException {
        if (outputs.trace() != null || outputs.snapshotEvery() != null) {
            throw new SessionException("a run on a server can record and end with a snapshot, but not write a "
                    + "trace or numbered snapshots: record it, the recording holds every event");
        }
    }

    private static Writer recordingCopy(Path file) throws SessionException {
        if (file == null) {
            return null;
        }
        try {
            OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            return new OutputStreamWriter(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SessionException("cannot write the recording " + file + ": " + e.getMessage(), e);
        }
    }

    private void follow() {
        daemon("ssh-run-" + server.host(), this::readFrames);
        daemon("ssh-run-stderr-" + server.host(), this::keepStderr);
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitFirstFrame() throws SessionException {
        try {
            if (!firstFrame.await(FIRST_FRAME.toSeconds(), TimeUnit.SECONDS)) {
                cancel();
                throw new SessionException(server.label() + " sent no frame of the run within "
                        + FIRST_FRAME.toSeconds() + " s; it was stopped");
            }
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new SessionException("interrupted while starting the run on " + server.label(), e);
        }
        if (shown.run() == null) {
            throw new SessionException(failure);
        }
    }

    /** The reader thread: every line into the stream, every frame on screen; then why it ended. */
    private void readFrames() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(ssh.getInputStream(),
                StandardCharsets.UTF_8), 1 << 16)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                copy(line);
                DiagnosticSnapshot state = stream.accept(line);
                if (state != null) {
                    show(state);
                }
            }
            ssh.waitFor();
            failure = endProblem(ssh.exitValue());
        } catch (SnapshotException e) {
            // not a recording: what the server printed is not ours to show; but a stop here cuts
            // the stream anywhere, so a torn last line after one is the stop
            failure = stopped ? null : e.getMessage();
        } catch (IOException e) {
            failure = stopped ? null : "reading the run from " + server.label() + " failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ssh.destroy(); // ended already, or given up on: the server's run then stops too
            finishOutputs();
            ended.countDown();
            firstFrame.countDown();
            announce();
        }
    }

    private void show(DiagnosticSnapshot state) {
        shown.show(state, Path.of(server.label()));
        firstFrame.countDown();
        announce();
    }

    /** Why the run ended, or null when it ended as it should (done, or stopped here). */
    private String endProblem(int exit) {
        if (stopped) {
            return null;
        }
        boolean done = shown.run() != null && shown.run().frame().finished();
        if (done && (exit == 0 || exit == 1)) {
            return null; // 1: the filesystem has errors, which the frame shows
        }
        String said = RemoteServer.lastLines(stderrText());
        if (exit == RemoteServer.SSH_FAILED && shown.run() != null) {
            return "the connection to " + server.label() + " was lost" + (said.isEmpty() ? "" : ": " + said)
                    + "; the run there ends when it notices";
        }
        return RemoteServer.problem(server, "readahead", exit, stderrText());
    }

    private void keepStderr() {
        try (InputStream err = ssh.getErrorStream()) {
            byte[] buffer = new byte[4096];
            for (int n = err.read(buffer); n >= 0; n = err.read(buffer)) {
                synchronized (stderr) {
                    stderr.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (stderr.length() > STDERR_KEPT) {
                        stderr.delete(0, stderr.length() - STDERR_KEPT);
                    }
                }
            }
        } catch (IOException e) {
            // ssh ended: what it said is kept
        }
    }

    private String stderrText() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    private void copy(String line) throws IOException {
        if (copy != null) {
            copy.write(line);
            copy.write('\n');
        }
    }

    /** The recording's copy is completed; the final snapshot written if wanted. */
    private void finishOutputs() {
        closeQuietly(copy);
        Path file = spec.outputs().snapshot();
        DiagnosticSnapshot last = snapshot();
        if (file != null && last != null) {
            try {
                SnapshotFiles.write(last, file);
            } catch (IOException e) {
                failure = failure != null ? failure : "cannot write the snapshot " + file + ": " + e.getMessage();
            }
        }
    }

    private static void closeQuietly(Writer writer) {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            // the copy is incomplete; the run itself is not affected
        }
    }

    public Server server() {
        return server;
    }

    public RunSpec spec() {
        return spec;
    }

    /** Why the run ended before its end (the connection dropped, the server refused), or null. */
    public String failure() {
        return failure;
    }

    /** The newest state, as a snapshot would hold it (Save snapshot of the last frame); null before the first. */
    @Override
    public DiagnosticSnapshot snapshot() {
        SnapshotRun run = shown.run();
        return run == null ? null : run.snapshot();
    }

    /** Waits until the run is over; true if it is. */
    public boolean await(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isFinished() {
        return ended.getCount() == 0;
    }

    /** Ends the ssh client: the server's run stops at its next frame, the last frame here stays. */
    @Override
    public void cancel() {
        if (!isFinished()) {
            stopped = true;
            ssh.destroy();
        }
    }

    @Override
    public void close() {
        cancel();
    }

    @Override
    public String arrayName() {
        return shown.run().arrayName();
    }

    @Override
    public String label() {
        return arrayName() + " (on " + server.label() + ")";
    }

    /** The newest frame; once the run is over (stopped or dropped too), a finished one. */
    @Override
    public RunFrame frame() {
        RunFrame frame = shown.run().frame();
        if (!isFinished() || frame.finished()) {
            return frame;
        }
        return new RunFrame(frame.engine(), frame.controls(), frame.throughput(), frame.queue(), frame.heat(),
                frame.elapsedNanos(), true);
    }

    @Override
    public List<BlockGroup> metadataZones(long devid) {
        return shown.run().metadataZones(devid);
    }

    @Override
    public void wantQueue(long devid, int from, int count) {
        if (shown.wantQueue(devid, from, count)) {
            announce(); // a new page: the views ask again, get the same page, and stop there
        }
    }
}
