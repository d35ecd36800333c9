package btrfs.workbench.ui.run;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;

import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.Totals;

/**
 * A readahead launched from the GUI as a Job: it shows in the Progress view with its Stop button
 * (which cancels every control), registers the run for the live views and ends with a summary.
 * Several can run at once.
 */
public final class RunJob extends Job {

    private static final String PLUGIN = "btrfs.workbench.ui";
    private static final long POLL_MS = 100;
    private static final long SUBTASK_NANOS = 500_000_000L;

    private final LaunchSettings settings;
    private final Display display;
    private volatile LiveRun live;
    private volatile Path autoSnapshot;
    /** What became of the recording: "recorded to FILE", its failure, or "" without one. */
    private volatile String recorded = "";

    public RunJob(LaunchSettings settings, Display display) {
        super("Readahead of " + settings.arrayName());
        this.settings = settings;
        this.display = display;
        // Shown in the Progress view with its Stop button, but not as a modal progress dialog:
        // the user launched it to watch it in the live views.
        setUser(false);
    }

    /** The run once started, else null. */
    public LiveRun live() {
        return live;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask("Reading " + settings.trees().size() + " tree(s) of " + settings.arrayName() + " ahead",
                IProgressMonitor.UNKNOWN);
        try {
            live = LiveRun.start(settings);
        } catch (IOException | RuntimeException e) {
            // e.g. a real disk this user may not read: say so plainly, in a dialog and in the log
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            display.asyncExec(() -> MessageDialog.openError(display.getActiveShell(), "Cannot launch the readahead",
                    message));
            return new Status(IStatus.ERROR, PLUGIN, message, e);
        }
        display.asyncExec(() -> RunRegistry.get().add(live));
        try {
            long told = 0;
            while (!live.isFinished()) {
                if (monitor.isCanceled()) {
                    live.cancel();
                }
                // each new text lays out the Progress view's items again on the UI thread (a few
                // ms): twice a second is enough there, the live views show the numbers 20 times
                if (System.nanoTime() - told >= SUBTASK_NANOS) {
                    told = System.nanoTime();
                    Totals t = live.frame().engine().totals();
                    monitor.subTask(t.reads() + " blocks read, " + t.inFlight() + " in flight, " + t.errors()
                            + " errors");
                }
                Thread.sleep(POLL_MS);
            }
            live.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            live.cancel();
            return Status.CANCEL_STATUS;
        } finally {
            finishRecording();
            saveSnapshotIfWanted();
            live.close(); // the final frame stays on screen; the array is let go
            monitor.done();
        }
        return monitor.isCanceled() ? Status.CANCEL_STATUS : summary();
    }

    /** The recording, if any, is completed whatever the run's end (a stopped run is recorded as far as it got). */
    private void finishRecording() {
        try {
            Path file = live.finishRecording();
            recorded = file == null ? "" : "; recorded to " + file;
        } catch (IOException | RuntimeException e) {
            recorded = "; the recording could not be completed: " + e.getMessage();
            Problems.log("the recording of " + live.label() + " could not be completed", e);
        }
    }

    /** Before the array is let go: the preference may ask for a snapshot of a run with errors. */
    private void saveSnapshotIfWanted() {
        try {
            autoSnapshot = AutoSnapshot.saveIfWanted(live);
        } catch (IOException | RuntimeException e) {
            Problems.log("the automatic snapshot of " + live.label() + " could not be saved", e);
        }
    }

    /** The snapshot saved automatically because the run had errors, or null. */
    public Path autoSnapshot() {
        return autoSnapshot;
    }

    /** The run's summary; with the blocks it could not read, a warning the Error Log shows (see {@link RunLog}). */
    private IStatus summary() {
        long blocks = 0;
        long errors = 0;
        for (ControlSnapshot c : live.frame().controls()) {
            blocks += c.blocks();
            errors += c.errors();
        }
        String text = String.format("%s: %d blocks (%s) in %.2f s, %d errors%s", live.label(), blocks,
                PrettySize.format(blocks * live.frame().engine().nodesize()), live.elapsedNanos() / 1e9,
                errors, (autoSnapshot == null ? "" : "; snapshot saved to " + autoSnapshot) + recorded);
        return RunLog.outcome(text, live.frame().controls());
    }
}
