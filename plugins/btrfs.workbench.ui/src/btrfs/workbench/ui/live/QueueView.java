package btrfs.workbench.ui.live;

import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;
import btrfs.workbench.readahead.state.ZoneSnapshot;
import btrfs.workbench.session.run.QueuePage;
import btrfs.workbench.session.run.RunFrame;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.l10n.Messages;

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
        POSITION(Messages.QueueView_columnPosition, 60), LOGICAL(Messages.QueueView_columnLogical, 130),
        PHYSICAL(Messages.QueueView_columnPhysical, 130), STATE(Messages.QueueView_columnState, 90),
        ZONE(Messages.QueueView_columnZone, 130), WAITING(Messages.QueueView_columnWaiting, 110),
        GENERATION(Messages.QueueView_columnGeneration, 130), READ_BY(Messages.QueueView_columnReadBy, 70);

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
    private static final long DESCRIBE_EVERY_NANOS = 1_000_000_000L;
    /** When the description was last set (nanoTime). */
    private long described;
    /** Whether the frame shown is a run's last (or none): its numbers are shown at once. */
    private boolean showsLastFrame = true;
    /** Rows that fit on screen (0: not measured yet). */
    private int visibleRows;
    /** The top row when the run was last told which rows are on screen. */
    private int askedTop = -1;

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
        Table table = viewer.getTable();
        table.addListener(SWT.Resize, e -> {
            measure();
            askForVisibleRows();
        });
        // scrolled (scroll bar, keys, setTopIndex): the rows on screen are other ones; cheap
        // when they are not (a paint of changed rows keeps the top row)
        table.addListener(SWT.Paint, e -> {
            if (table.getTopIndex() != askedTop) {
                askForVisibleRows();
            }
        });
    }

    @Override
    protected int framePhase() {
        return 0; // the costliest table: a turn of its own
    }

    @Override
    protected Control control() {
        return viewer == null ? null : viewer.getControl();
    }

    @Override
    protected void show(RunSource liveRun, RunFrame frame) {
        run = liveRun;
        showsLastFrame = frame == null || frame.finished();
        showQueue(selectedDevice(frame), frame == null ? QueuePage.NONE : frame.queue());
    }

    /** Shows a device's queue: its length, and the rows of {@code newPage}. */
    void showQueue(DeviceSnapshot newDevice, QueuePage newPage) {
        DeviceSnapshot oldDevice = device;
        QueuePage oldPage = page;
        device = newDevice;
        page = newPage;
        describe(oldDevice);
        Table table = viewer.getTable();
        int count = device == null ? 0 : device.queued();
        if (table.getItemCount() != count) {
            viewer.setItemCount(count);
        }
        if (oldDevice == null || device == null || oldDevice.devid() != device.devid()) {
            viewer.refresh(); // another device: every row is another
        } else {
            refreshChangedRows(oldDevice, oldPage);
        }
        askForVisibleRows();
    }

    /**
     * The device and its counts in the view's description. A new description retitles the part and
     * lays out its tab folder and contents again (several ms of the UI thread), so while the device
     * stays the same the counts are refreshed once a second, and on the final frame.
     */
    private void describe(DeviceSnapshot oldDevice) {
        String description = device == null ? "" : NLS.bind(Messages.QueueView_description, new Object[] {
                Long.toUnsignedString(device.devid()), device.queued(), device.inFlight() });
        boolean sameDevice = oldDevice != null && device != null && oldDevice.devid() == device.devid();
        long now = System.nanoTime();
        if (!description.equals(getContentDescription())
                && (!sameDevice || showsLastFrame || now - described >= DESCRIBE_EVERY_NANOS)) {
            described = now;
            setContentDescription(description);
        }
    }

    /**
     * Not {@code refresh()} (clearAll: every row built again and measured by GTK, 20 times a
     * second): only the rows on screen whose extent changed get new labels, and rows off screen
     * are cleared, so that they are fetched anew if they scroll into view. Clearing a row that
     * is not built costs nothing, so only rows that just left the screen cost anything here.
     */
    private void refreshChangedRows(DeviceSnapshot oldDevice, QueuePage oldPage) {
        Table table = viewer.getTable();
        int count = table.getItemCount();
        int top = Math.min(table.getTopIndex(), count);
        int end = Math.min(count, top + visibleRows());
        if (top > 0) {
            table.clear(0, top - 1);
        }
        if (end < count) {
            table.clear(end, count - 1);
        }
        long devid = device.devid();
        for (int i = top; i < end; i++) {
            ExtentSnapshot before = oldPage.at(devid, i);
            ExtentSnapshot now = page.at(devid, i);
            if (!java.util.Objects.equals(before, now)
                    || now != null && !zoneOf(oldDevice, now.logical()).equals(zoneOf(device, now.logical()))) {
                viewer.replace(Integer.valueOf(i), i);
            }
        }
    }

    /** Rows that fit on screen, from the table's size when it last changed (not on every paint). */
    private int visibleRows() {
        if (visibleRows == 0) {
            measure();
        }
        return visibleRows;
    }

    /**
     * Reads the table's height and row height. Both ask GTK (the client area even the X server,
     * a round trip), so this runs when the table is resized, not per frame or paint.
     */
    private void measure() {
        Table table = viewer.getTable();
        visibleRows = table.getClientArea().height / Math.max(1, table.getItemHeight()) + 1;
    }

    /** Tells the run which queue positions are on screen, so that the next frames carry them. */
    private void askForVisibleRows() {
        if (run == null || device == null) {
            return;
        }
        int top = viewer.getTable().getTopIndex();
        askedTop = top;
        int from = Math.max(0, top - MARGIN);
        run.wantQueue(device.devid(), from, visibleRows() + 2 * MARGIN);
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
            case STATE -> state(e.status());
            case ZONE -> zoneOf(e.logical());
            case WAITING -> Integer.toString(e.records());
            case GENERATION -> e.generation() == 0 ? "" : Long.toUnsignedString(e.generation());
            case READ_BY -> e.readBy() < 0 ? "" : NLS.bind(Messages.Common_devid, Long.toUnsignedString(e.readBy()));
            default -> "";
        };
    }

    /** An extent's state as the State column names it. */
    static String state(ExtentStatus status) {
        return switch (status) {
            case QUEUED -> Messages.QueueView_queued;
            case SCHEDULED -> Messages.QueueView_inFlight;
            case DONE -> Messages.QueueView_done;
            case FAILED -> Messages.QueueView_failed;
        };
    }

    private String zoneOf(long logical) {
        return zoneOf(device, logical);
    }

    private static String zoneOf(DeviceSnapshot device, long logical) {
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

    private final class Labels extends LiveLabels {
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
