package btrfs.workbench.ui.run;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.osgi.framework.FrameworkUtil;

import btrfs.workbench.readahead.state.Totals;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.session.run.ActiveRun;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.prefs.WorkbenchPreferences;

/**
 * A readahead launched from the GUI as a Job: it shows in the Progress view with its Stop button
 * (which cancels every control), registers the run for the live views and ends with a summary.
 * The run itself is the session's ({@link ArraySession#launch}), as the CLI's is. Several can
 * run at once.
 */
public final class RunJob extends Job {

    private static final String PLUGIN = "btrfs.workbench.ui";
    private static final long POLL_MS = 100;
    private static final long SUBTASK_NANOS = 500_000_000L;

    private final RunSpec spec;
    private final String arrayName;
    private final Display display;
    private volatile LiveRun live;
    private volatile Path autoSnapshot;
    /** What became of the outputs: "; recorded to FILE", their failure, or "". */
    private volatile String written = "";

    /** @param arrayName how the user knows the array (its label, or its fsid) */
    public RunJob(RunSpec spec, String arrayName, Display display) {
        super(NLS.bind(Messages.RunJob_name, arrayName));
        this.spec = spec;
        this.arrayName = arrayName;
        this.display = display;
        // Shown in the Progress view with its Stop button, but not as a modal progress dialog:
        // the user launched it to watch it in the live views.
        setUser(false);
    }

    /** The run once started, else null. */
    public LiveRun live() {
        return live;
    }

    public RunSpec spec() {
        return spec;
    }

    /** The workbench's version, as snapshots and recordings name the tool that wrote them. */
    public static String toolVersion() {
        return FrameworkUtil.getBundle(RunJob.class).getVersion().toString();
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(NLS.bind(Messages.RunJob_task, spec.trees().size(), arrayName), IProgressMonitor.UNKNOWN);
        try {
            live = ArraySession.launch(spec, toolVersion());
        } catch (SessionException | RuntimeException e) {
            // e.g. a real disk this user may not read: say so plainly, in a dialog and in the log
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            display.asyncExec(() -> MessageDialog.openError(display.getActiveShell(), Messages.RunJob_cannotLaunch,
                    message));
            return new Status(IStatus.ERROR, PLUGIN, message, e);
        }
        display.asyncExec(() -> RunRegistry.get().add(live));
        try {
            follow(live, monitor);
            live.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            live.cancel();
            return Status.CANCEL_STATUS;
        } finally {
            finishOutputs();
            saveSnapshotIfWanted();
            live.close(); // the final frame stays on screen; the array is let go
            monitor.done();
        }
        return monitor.isCanceled() ? Status.CANCEL_STATUS : summary();
    }

    /**
     * Until {@code run} (here or on a server) ends: Stop cancels it, the Progress view shows the
     * counts twice a second.
     */
    public static void follow(ActiveRun run, IProgressMonitor monitor) throws InterruptedException {
        long told = 0;
        while (!run.isFinished()) {
            if (monitor.isCanceled()) {
                run.cancel();
            }
            // each new text lays out the Progress view's items again on the UI thread (a few
            // ms): twice a second is enough there, the live views show the numbers 20 times
            if (System.nanoTime() - told >= SUBTASK_NANOS) {
                told = System.nanoTime();
                Totals t = run.frame().engine().totals();
                monitor.subTask(NLS.bind(Messages.RunJob_progress, new Object[] { t.reads(), t.inFlight(),
                        t.errors() }));
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** The recording and snapshot, if any, are completed whatever the run's end (a stopped run as far as it got). */
    private void finishOutputs() {
        try {
            live.finish();
            Path record = spec.outputs().record();
            written = record == null ? "" : NLS.bind(Messages.RunJob_recorded, record);
        } catch (SessionException | RuntimeException e) {
            written = NLS.bind(Messages.RunJob_notRecorded, e.getMessage());
            Problems.log("the outputs of " + live.label() + " could not be completed", e);
        }
    }

    /** Before the array is let go: the preference may ask for a snapshot of a run with errors. */
    private void saveSnapshotIfWanted() {
        boolean errors = live.controls().stream().mapToLong(c -> c.progress().errors()).sum() > 0;
        if (!errors || !WorkbenchPreferences.autoSnapshotOnError()) {
            return;
        }
        try {
            autoSnapshot = live.saveSnapshotInto(WorkbenchPreferences.autoSnapshotDir());
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
        String saved = autoSnapshot == null ? "" : NLS.bind(Messages.RunJob_snapshotSaved, autoSnapshot);
        return RunLog.outcome(live, live.elapsedNanos(), saved + written);
    }
}
