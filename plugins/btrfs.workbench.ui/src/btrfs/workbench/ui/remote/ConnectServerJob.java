package btrfs.workbench.ui.remote;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;

import btrfs.workbench.session.SessionException;
import btrfs.workbench.session.remote.Server;
import btrfs.workbench.session.remote.ServerCatalog;
import btrfs.workbench.ui.l10n.Messages;

/**
 * Connects to a server as a Job (ssh can take seconds): checks the workbench there, scans its
 * arrays into the Arrays view. A failure is said in a dialog and kept in the Error Log, with
 * ssh's own words (a host key that does not match, a key refused).
 */
public final class ConnectServerJob extends Job {

    private static final String PLUGIN = "btrfs.workbench.ui";

    private final Server server;
    private final Display display;

    public ConnectServerJob(Server server, Display display) {
        super(NLS.bind(Messages.Connect_job, server.label()));
        this.server = server;
        this.display = display;
        setUser(false); // in the Progress view; a failure gets the dialog below, not a second one
    }

    /** Connects in the background; returns the scheduled job. */
    public static ConnectServerJob start(Server server, Display display) {
        ConnectServerJob job = new ConnectServerJob(server, display);
        job.schedule();
        return job;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(NLS.bind(Messages.Connect_job, server.label()), IProgressMonitor.UNKNOWN);
        try {
            ServerCatalog.Connected connected = ServerCatalog.workbench().connect(server);
            return new Status(IStatus.OK, PLUGIN, NLS.bind(Messages.Connect_connected, new Object[] {
                server.label(), connected.scan().arrays().size(), connected.version() }));
        } catch (SessionException e) {
            display.asyncExec(() -> MessageDialog.openError(display.getActiveShell(),
                    NLS.bind(Messages.Connect_failed, server.label()), e.getMessage()));
            return new Status(IStatus.ERROR, PLUGIN, e.getMessage(), e);
        } finally {
            monitor.done();
        }
    }
}
