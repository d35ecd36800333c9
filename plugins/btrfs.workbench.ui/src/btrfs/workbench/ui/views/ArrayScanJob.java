package btrfs.workbench.ui.views;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import btrfs.workbench.discovery.ScanMonitor;
import btrfs.workbench.session.ArrayCatalog;
import btrfs.workbench.ui.l10n.Messages;

/**
 * A scan of the workbench's {@link ArrayCatalog} as a Job: in the Progress view, cancellable; a
 * newer scan cancels the one still running (the catalog keeps only the newest result).
 */
public final class ArrayScanJob extends Job {

    private static ArrayScanJob current;

    private ArrayScanJob() {
        super(Messages.ArrayScanJob_name);
    }

    /** Starts a scan, cancelling one still running, and returns its Job. */
    public static synchronized Job start() {
        if (current != null) {
            current.cancel();
        }
        current = new ArrayScanJob();
        current.schedule();
        return current;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        try {
            scan(monitor);
        } catch (CancellationException e) {
            return Status.CANCEL_STATUS;
        }
        return Status.OK_STATUS;
    }

    /** Scans now on the calling thread, the monitor showing each path and taking cancel. */
    public static void scan(IProgressMonitor monitor) {
        monitor.beginTask(Messages.ArrayScanJob_task, IProgressMonitor.UNKNOWN);
        try {
            ArrayCatalog.workbench().scan(new JobScanMonitor(monitor));
        } finally {
            monitor.done();
        }
    }

    /** A scan's progress shown in, and its cancel taken from, a progress monitor. */
    private record JobScanMonitor(IProgressMonitor monitor) implements ScanMonitor {

        @Override
        public void scanning(Path path) {
            monitor.subTask(path.toString());
        }

        @Override
        public boolean isCanceled() {
            return monitor.isCanceled();
        }
    }
}
