package btrfs.workbench.ui.remote;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.session.remote.RemoteRun;
import btrfs.workbench.session.remote.Server;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.run.RunLog;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.snapshot.SnapshotActions;

/**
 * A readahead launched on a server, as a Job like a local one ({@code RunJob}): it starts the run
 * there ({@link RemoteRun}), puts it into the live views, follows it with Stop in the Progress
 * view, and ends with the same summary. A dropped connection ends it with the reason in the
 * Error Log; the last frame stays on screen and the user is offered to save it as a snapshot.
 */
public final class RemoteRunJob extends Job {

    private static final String PLUGIN = "btrfs.workbench.ui";

    private final Server server;
    private final RunSpec spec;
    private final Display display;
    private volatile RemoteRun run;

    public RemoteRunJob(Server server, RunSpec spec, String arrayName, Display display) {
        super(NLS.bind(Messages.RemoteRunJob_name, arrayName, server.label()));
        this.server = server;
        this.spec = spec;
        this.display = display;
        setUser(false);
    }

    /** Starts {@code spec} on {@code server} as a Job; returns it. */
    public static RemoteRunJob launch(Server server, RunSpec spec, String arrayName) {
        RemoteRunJob job = new RemoteRunJob(server, spec, arrayName, PlatformUI.getWorkbench().getDisplay());
        job.schedule();
        return job;
    }

    /** The run once its first frame arrived, else null. */
    public RemoteRun run() {
        return run;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), IProgressMonitor.UNKNOWN);
        try {
            run = RemoteRun.start(server, spec);
        } catch (SessionException e) {
            display.asyncExec(() -> MessageDialog.openError(display.getActiveShell(), Messages.RunJob_cannotLaunch,
                    e.getMessage()));
            return new Status(IStatus.ERROR, PLUGIN, e.getMessage(), e);
        }
        display.asyncExec(() -> RunRegistry.get().add(run));
        try {
            RunJob.follow(run, monitor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel();
            return Status.CANCEL_STATUS;
        } finally {
            monitor.done();
        }
        return ended();
    }

    /** The summary of a run that ended; a dropped connection is an error with the reason, and the offer to save. */
    private IStatus ended() {
        String failure = run.failure();
        IStatus summary = RunLog.outcome(run, run.frame().elapsedNanos(), "");
        if (failure == null) {
            return summary;
        }
        MultiStatus outcome = new MultiStatus(PLUGIN, 0, NLS.bind(Messages.RemoteRunJob_ended, run.label(), failure),
                null);
        outcome.add(new Status(IStatus.ERROR, PLUGIN, failure));
        outcome.add(summary);
        display.asyncExec(this::offerSnapshot);
        return outcome;
    }

    private void offerSnapshot() {
        if (PlatformUI.getWorkbench().isClosing()) {
            return; // a modal dialog would hold the shutdown up; the Error Log has the reason
        }
        if (MessageDialog.openQuestion(display.getActiveShell(), Messages.RemoteRunJob_lostTitle,
                NLS.bind(Messages.RemoteRunJob_lost, run.failure()))) {
            SnapshotActions.askToSave(PlatformUI.getWorkbench().getActiveWorkbenchWindow(), run);
        }
    }
}
