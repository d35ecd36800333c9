package btrfs.workbench.ui.views;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.part.ViewPart;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.ImageScanner;
import btrfs.workbench.discovery.ScanMonitor;
import btrfs.workbench.discovery.ScanResult;
import btrfs.workbench.ui.ScanTargets;

/**
 * Every array found among the scanned images and devices, with its member devices below it,
 * and every path that could not be used as an error row. Scanning runs as a Job, so it shows in
 * the Progress view and can be cancelled.
 */
public class ArraysView extends ViewPart {

    public static final String ID = "btrfs.workbench.ui.views.arrays";

    private TreeViewer viewer;
    private Display display;
    private volatile ScanResult result = new ScanResult(List.of(), List.of());
    /** The newest scan; an older one still running is cancelled and its result dropped. */
    private Job currentScan;

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        viewer = new TreeViewer(parent, SWT.FULL_SELECTION | SWT.MULTI | SWT.H_SCROLL | SWT.V_SCROLL);
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        for (ArrayColumn column : ArrayColumn.values()) {
            TreeViewerColumn treeColumn = new TreeViewerColumn(viewer, SWT.LEFT);
            treeColumn.getColumn().setText(column.title());
            treeColumn.getColumn().setWidth(column.width());
            treeColumn.setLabelProvider(new ArrayLabelProvider(column));
        }
        viewer.setContentProvider(new ContentProvider());
        viewer.setAutoExpandLevel(TreeViewer.ALL_LEVELS);
        viewer.setInput(result);
        getSite().setSelectionProvider(viewer);
        Action rescan = new Action("Rescan") {
            @Override
            public void run() {
                rescan();
            }
        };
        rescan.setToolTipText("Scan the images and devices again");
        getViewSite().getActionBars().getToolBarManager().add(rescan);
        rescan();
    }

    /** Scans {@link ScanTargets} in a Job and shows the result when it is done. */
    public synchronized Job rescan() {
        if (currentScan != null) {
            currentScan.cancel();
        }
        Job job = Job.create("Scanning for btrfs arrays", this::scan);
        currentScan = job;
        job.schedule();
        return job;
    }

    private synchronized boolean isCurrent(Job job) {
        return job == currentScan;
    }

    private IStatus scan(IProgressMonitor monitor) {
        Job self = Job.getJobManager().currentJob();
        var targets = ScanTargets.get();
        monitor.beginTask("Reading superblocks", IProgressMonitor.UNKNOWN);
        ScanResult scanned;
        try {
            scanned = new ImageScanner(ImageScanner.defaultCacheDir()).scan(targets, new ScanMonitor() {
                @Override
                public void scanning(Path path) {
                    monitor.subTask(path.toString());
                }

                @Override
                public boolean isCanceled() {
                    return monitor.isCanceled();
                }
            });
        } catch (CancellationException e) {
            return Status.CANCEL_STATUS;
        } finally {
            monitor.done();
        }
        if (isCurrent(self)) {
            show(scanned);
        }
        return Status.OK_STATUS;
    }

    private void show(ScanResult scanned) {
        result = scanned;
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            if (!viewer.getControl().isDisposed()) {
                viewer.setInput(scanned);
            }
        });
    }

    /** The result on screen (for tests and for actions on the selection). */
    public ScanResult result() {
        return result;
    }

    public TreeViewer viewer() {
        return viewer;
    }

    @Override
    public synchronized void dispose() {
        if (currentScan != null) {
            currentScan.cancel();
        }
        super.dispose();
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    /** Arrays first, then the unreadable paths; an array's children are its devices. */
    private static final class ContentProvider implements ITreeContentProvider {

        @Override
        public Object[] getElements(Object input) {
            ScanResult scan = (ScanResult) input;
            List<Object> rows = new ArrayList<>(scan.arrays());
            rows.addAll(scan.unreadable());
            return rows.toArray();
        }

        @Override
        public Object[] getChildren(Object element) {
            return element instanceof BtrfsArray array ? array.devices().toArray() : new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof BtrfsArray array && !array.devices().isEmpty();
        }
    }
}
