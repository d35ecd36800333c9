package btrfs.workbench.ui.live;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ZoneSnapshot;
import btrfs.workbench.ui.run.RunSource;
import btrfs.workbench.ui.run.QueuePage;
import btrfs.workbench.ui.run.RunFrame;

/**
 * The selected device's queue in the order it will read it from its pointer: reads in flight,
 * then the queued extents from reada_next on. A virtual table: only the visible rows are built,
 * and only they are fetched (by the frame pump, not the UI thread), so 100 000 queued extents
 * scroll as fluidly as ten.
 */
public final class QueueView extends RunView {

    public static final String ID = "btrfs.workbench.ui.views.queue";

    /** Rows fetched beyond the visible ones, for scrolling without gaps. */
    private static final int MARGIN = 64;

    enum Column {
        POSITION("#", 60), LOGICAL("Logical", 130), PHYSICAL("Physical", 130), STATE("State", 90),
        ZONE("Zone", 130), WAITING("Waiting controls", 110), GENERATION("Expected generation", 130),
        READ_BY("Read by", 70);

        final String title;
        final int width;

        Column(String title, int width) {
            this.title = title;
            this.width = width;
        }
    }

    private TableViewer viewer;
    private RunSource run;
    private DeviceSnapshot device;
    private QueuePage page = QueuePage.NONE;

    @Override
    protected void create(Composite parent) {
        viewer = new TableViewer(parent, SWT.VIRTUAL | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setUseHashlookup(true);
        viewer.setContentProvider(new Lazy());
        viewer.setInput(ID); // rows are queue positions; the input only activates the viewer
        for (Column c : Column.values()) {
            TableViewerColumn column = new TableViewerColumn(viewer, SWT.LEFT);
            column.getColumn().setText(c.title);
            column.getColumn().setWidth(c.width);
            column.setLabelProvider(new Labels(c));
        }
        viewer.getTable().addListener(SWT.Paint, e -> askForVisibleRows());
    }

    @Override
    protected Control control() {
        return viewer == null ? null : viewer.getControl();
    }

    @Override
    protected void show(RunSource liveRun, RunFrame frame) {
        run = liveRun;
        showQueue(selectedDevice(frame), frame == null ? QueuePage.NONE : frame.queue());
    }

    /** Shows a device's queue: its length, and the rows of {@code newPage}. */
    void showQueue(DeviceSnapshot newDevice, QueuePage newPage) {
        device = newDevice;
        page = newPage;
        setContentDescription(device == null ? "" : "devid " + Long.toUnsignedString(device.devid()) + ": "
                + device.queued() + " queued, " + device.inFlight() + " in flight");
        int count = device == null ? 0 : device.queued();
        viewer.setItemCount(count);
        viewer.refresh();
        askForVisibleRows();
    }

    /** Tells the run which queue positions are on screen, so that the next frames carry them. */
    private void askForVisibleRows() {
        if (run == null || device == null) {
            return;
        }
        int top = viewer.getTable().getTopIndex();
        int visible = viewer.getTable().getClientArea().height / Math.max(1, viewer.getTable().getItemHeight()) + 1;
        int from = Math.max(0, top - MARGIN);
        run.wantQueue(device.devid(), from, visible + 2 * MARGIN);
    }

    /** The row at a queue position as shown, null while its page has not arrived yet (tests). */
    ExtentSnapshot row(int index) {
        return device == null ? null : page.at(device.devid(), index);
    }

    TableViewer viewer() {
        return viewer;
    }

    private String text(Column c, int index) {
        ExtentSnapshot e = row(index);
        if (c == Column.POSITION) {
            return Integer.toString(index + 1);
        }
        if (e == null) {
            return c == Column.LOGICAL ? "..." : "";
        }
        return switch (c) {
            case LOGICAL -> Long.toUnsignedString(e.logical());
            case PHYSICAL -> Long.toUnsignedString(e.physical());
            case STATE -> e.status() == btrfs.workbench.readahead.state.ExtentStatus.SCHEDULED ? "in flight"
                    : e.status().name().toLowerCase(java.util.Locale.ROOT);
            case ZONE -> zoneOf(e.logical());
            case WAITING -> Integer.toString(e.records());
            case GENERATION -> e.generation() == 0 ? "" : Long.toUnsignedString(e.generation());
            case READ_BY -> e.readBy() < 0 ? "" : "devid " + Long.toUnsignedString(e.readBy());
            default -> "";
        };
    }

    private String zoneOf(long logical) {
        for (ZoneSnapshot z : device.zones()) {
            if (Long.compareUnsigned(logical, z.start()) >= 0 && Long.compareUnsigned(logical, z.end()) <= 0) {
                return Long.toUnsignedString(z.start());
            }
        }
        return "";
    }

    /** Rows are queue positions (Integers); their text comes from the current page. */
    private final class Lazy implements ILazyContentProvider {
        @Override
        public void updateElement(int index) {
            viewer.replace(Integer.valueOf(index), index);
        }

        @Override
        public void inputChanged(Viewer v, Object oldInput, Object newInput) {
            // rows are positions; nothing to hold
        }
    }

    private final class Labels extends ColumnLabelProvider {
        private final Column column;

        Labels(Column column) {
            this.column = column;
        }

        @Override
        public String getText(Object element) {
            return text(column, (Integer) element);
        }

        @Override
        public Color getForeground(Object element) {
            ExtentSnapshot e = row((Integer) element);
            return column == Column.STATE && e != null ? Palette.color(Display.getCurrent(), Palette.of(e.status()))
                    : null;
        }
    }
}
