package btrfs.workbench.ui.views;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.part.ViewPart;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.ScanResult;
import btrfs.workbench.session.ArrayCatalog;
import btrfs.workbench.session.MissingDevice;
import btrfs.workbench.session.remote.ServerCatalog;
import btrfs.workbench.session.remote.ServerCatalog.Connected;
import btrfs.workbench.session.remote.ServerCatalog.RemoteArray;

/**
 * The {@link ArrayCatalog}: every array found among the scanned images and devices, with its
 * member devices below it, and every path that could not be used as an error row. Scanning runs
 * as a Job ({@link ArrayScanJob}). Its toolbar and context menu (Refresh, Add image files...,
 * Launch readahead...) are contributed in plugin.xml; the selected row is the workbench
 * selection the launch command starts from.
 */
public class ArraysView extends ViewPart {

    public static final String ID = "btrfs.workbench.ui.views.arrays";

    private TreeViewer viewer;
    private Display display;
    private final Consumer<ScanResult> onScan = this::show;
    private final Runnable onServers = this::showServers;

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
        ArrayCatalog catalog = ArrayCatalog.workbench();
        viewer.setInput(catalog.result());
        getSite().setSelectionProvider(viewer);
        createContextMenu();
        catalog.addListener(onScan);
        ServerCatalog.workbench().addListener(onServers);
        if (!catalog.scanned()) {
            rescan();
        }
    }

    /** The commands contributed to popup:btrfs.workbench.ui.views.arrays go here. */
    private void createContextMenu() {
        MenuManager menu = new MenuManager();
        menu.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        viewer.getControl().setMenu(menu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(menu, viewer);
    }

    /** The array of the selected row: an array, one of its devices, or one of its missing devices. */
    public BtrfsArray selectedArray() {
        return ArrayCatalog.workbench().arrayOf(viewer.getStructuredSelection().getFirstElement());
    }

    /** Scans the catalog's targets in a Job; the result is shown when it is done. */
    public Job rescan() {
        return ArrayScanJob.start();
    }

    /** A scan's result, from the scanning thread: shown on the UI thread. */
    private void show(ScanResult scanned) {
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            if (!viewer.getControl().isDisposed()) {
                viewer.setInput(scanned);
            }
        });
    }

    /** A server connected or scanned again (from its Job's thread): its rows are shown on the UI thread. */
    private void showServers() {
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (!viewer.getControl().isDisposed()) {
                    viewer.refresh();
                    // a server's arrays open below it, as this machine's do at a scan
                    ServerCatalog.workbench().servers().forEach(c -> viewer.expandToLevel(c, TreeViewer.ALL_LEVELS));
                }
            });
        }
    }

    /** The result on screen's source: the catalog's newest scan. */
    public ScanResult result() {
        return ArrayCatalog.workbench().result();
    }

    public TreeViewer viewer() {
        return viewer;
    }

    @Override
    public void dispose() {
        ArrayCatalog.workbench().removeListener(onScan);
        ServerCatalog.workbench().removeListener(onServers);
        super.dispose();
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    /**
     * This machine's arrays first, then its unreadable paths, then each connected server with its
     * arrays (and what it could not read) below it; an array's children are its devices.
     */
    private static final class ContentProvider implements ITreeContentProvider {

        @Override
        public Object[] getElements(Object input) {
            ScanResult scan = (ScanResult) input;
            List<Object> rows = new ArrayList<>(scan.arrays());
            rows.addAll(scan.unreadable());
            rows.addAll(ServerCatalog.workbench().servers());
            return rows.toArray();
        }

        @Override
        public Object[] getChildren(Object element) {
            List<Object> rows = new ArrayList<>();
            switch (element) {
                case Connected server -> {
                    rows.addAll(server.arrays());
                    rows.addAll(server.scan().unreadable());
                }
                case RemoteArray remote -> {
                    rows.addAll(remote.devices());
                    remote.array().missingDevids().forEach(devid -> rows.add(new MissingDevice(remote.array(), devid)));
                }
                case BtrfsArray array -> {
                    rows.addAll(array.devices());
                    array.missingDevids().forEach(devid -> rows.add(new MissingDevice(array, devid)));
                }
                default -> {
                }
            }
            return rows.toArray();
        }

        @Override
        public Object getParent(Object element) {
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return getChildren(element).length > 0;
        }
    }
}
