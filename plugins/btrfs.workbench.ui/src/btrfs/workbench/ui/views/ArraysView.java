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
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.part.ViewPart;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.Discovery;
import btrfs.workbench.discovery.ImageScanner;
import btrfs.workbench.discovery.ScanMonitor;
import btrfs.workbench.discovery.ScanResult;
import btrfs.workbench.ui.ScanTargets;
import btrfs.workbench.ui.launch.LaunchReadaheadAction;

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
    private Action launch;

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
        createActions();
        rescan();
    }

    /** Refresh, Add image files... and Launch readahead..., in the toolbar and the context menu. */
    private void createActions() {
        Action refresh = action("Refresh", "Scan the devices and images again", this::rescan);
        Action addImages = action("Add image files...", "Add btrfs image files (.img, .zst) to the scan",
                this::addImageFiles);
        launch = action("Launch readahead...", "Read trees of the selected array ahead and watch it live",
                () -> new LaunchReadaheadAction(getSite().getWorkbenchWindow()).run());
        launch.setEnabled(false);
        viewer.addSelectionChangedListener(e -> launch.setEnabled(selectedArray() != null));
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        MenuManager menu = new MenuManager();
        for (Action a : List.of(refresh, addImages, launch)) {
            toolbar.add(a);
            menu.add(a);
        }
        viewer.getControl().setMenu(menu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(menu, viewer);
    }

    private static Action action(String text, String tooltip, Runnable run) {
        Action action = new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
        action.setToolTipText(tooltip);
        return action;
    }

    private void addImageFiles() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN | SWT.MULTI);
        dialog.setText("Add btrfs image files");
        dialog.setFilterExtensions(new String[] { "*.img;*.zst;*.raw;*.bin", "*" });
        dialog.setFilterNames(new String[] { "Images (*.img, *.zst, *.raw, *.bin)", "All files" });
        if (dialog.open() == null) {
            return;
        }
        List<Path> chosen = new ArrayList<>();
        for (String name : dialog.getFileNames()) {
            chosen.add(Path.of(dialog.getFilterPath(), name));
        }
        ScanTargets.add(chosen);
        rescan();
    }

    /** The array of the selected row: an array, one of its devices, or one of its missing devices. */
    public BtrfsArray selectedArray() {
        Object row = viewer.getStructuredSelection().getFirstElement();
        return switch (row) {
            case BtrfsArray a -> a;
            case MissingDevice m -> m.array();
            case ArrayDevice d -> result.arrays().stream().filter(a -> a.devices().contains(d)).findFirst()
                    .orElse(null);
            case null, default -> null;
        };
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
            scanned = new Discovery(ImageScanner.defaultCacheDir()).scan(targets, ScanTargets.machine(),
                    new JobScanMonitor(monitor));
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

    /** A scan's progress shown in, and its cancel taken from, the Job's progress monitor. */
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
            if (!(element instanceof BtrfsArray array)) {
                return new Object[0];
            }
            List<Object> rows = new ArrayList<>(array.devices());
            array.missingDevids().forEach(devid -> rows.add(new MissingDevice(array, devid)));
            return rows.toArray();
        }

        @Override
        public Object getParent(Object element) {
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof BtrfsArray array
                    && (!array.devices().isEmpty() || !array.missingDevids().isEmpty());
        }
    }
}
