package btrfs.workbench.ui.live;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ZoneSnapshot;
import btrfs.workbench.ui.run.LiveRun;
import btrfs.workbench.ui.run.RunFrame;
import btrfs.workbench.ui.run.RunRegistry;

/**
 * Per device its zones (reada_zone: one block group on the device): start, end, queued elems,
 * locked, peers; the current zone in bold with the read pointer's offset in it, and the device's
 * reads in flight. Selecting a device selects it in the other views.
 */
public final class ZonesView extends RunView {

    public static final String ID = "btrfs.workbench.ui.views.zones";

    /** A zone row knows its device, for the pointer column. */
    record ZoneRow(DeviceSnapshot device, ZoneSnapshot zone) {
    }

    enum Column {
        NAME("Device / zone", 150), START("Start (logical)", 130), END("End", 130), ELEMS("Elems", 70),
        LOCKED("Locked", 60), PEERS("Peers", 80), POINTER("Read pointer", 130), IN_FLIGHT("In flight", 70),
        QUEUED("Queued", 70);

        final String title;
        final int width;

        Column(String title, int width) {
            this.title = title;
            this.width = width;
        }
    }

    private TreeViewer viewer;

    @Override
    protected void create(Composite parent) {
        viewer = new TreeViewer(parent, SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        for (Column c : Column.values()) {
            TreeViewerColumn column = new TreeViewerColumn(viewer, SWT.LEFT);
            column.getColumn().setText(c.title);
            column.getColumn().setWidth(c.width);
            column.setLabelProvider(new Labels(c));
        }
        viewer.setContentProvider(new Content());
        viewer.setAutoExpandLevel(TreeViewer.ALL_LEVELS);
        viewer.setUseHashlookup(false);
        viewer.addSelectionChangedListener(e -> {
            Object row = viewer.getStructuredSelection().getFirstElement();
            if (row instanceof DeviceSnapshot d) {
                RunRegistry.get().selectDevice(d.devid());
            } else if (row instanceof ZoneRow z) {
                RunRegistry.get().selectZone(z.device().devid(), z.zone().start());
            }
        });
    }

    @Override
    protected Control control() {
        return viewer == null ? null : viewer.getControl();
    }

    @Override
    protected void show(LiveRun run, RunFrame frame) {
        viewer.setInput(frame == null ? List.of() : frame.engine().devices());
        restoreSelection(frame);
    }

    /** Rows are new each frame: select again what the user selected (in this or another view). */
    private void restoreSelection(RunFrame frame) {
        if (frame == null) {
            return;
        }
        DeviceSnapshot device = frame.device(RunRegistry.get().selectedDevice());
        if (device == null) {
            return;
        }
        Object row = device;
        for (ZoneSnapshot zone : device.zones()) {
            if (zone.start() == RunRegistry.get().selectedZone()) {
                row = new ZoneRow(device, zone);
            }
        }
        viewer.setSelection(new StructuredSelection(row));
    }

    /** The tree's rows as the widgets show them, for tests: device rows with their zone rows. */
    TreeViewer viewer() {
        return viewer;
    }

    static String text(Column c, Object row) {
        if (row instanceof DeviceSnapshot d) {
            return switch (c) {
                case NAME -> "devid " + Long.toUnsignedString(d.devid()) + (d.present() ? "" : " (missing)");
                case POINTER -> d.currZone() == null ? "" : Long.toUnsignedString(d.readaNext());
                case IN_FLIGHT -> Integer.toString(d.inFlight());
                case QUEUED -> Integer.toString(d.queued());
                default -> "";
            };
        }
        ZoneRow r = (ZoneRow) row;
        ZoneSnapshot z = r.zone();
        return switch (c) {
            case NAME -> z.current() ? "current zone" : "zone";
            case START -> Long.toUnsignedString(z.start());
            case END -> Long.toUnsignedString(z.end());
            case ELEMS -> Long.toString(z.elems());
            case LOCKED -> z.locked() ? "locked" : "";
            case PEERS -> String.join(" ", z.peers().stream().map(Long::toUnsignedString).toList());
            case POINTER -> z.current() ? "+" + Long.toUnsignedString(r.device().readaNext() - z.start()) : "";
            default -> "";
        };
    }

    private static final class Labels extends ColumnLabelProvider {
        private final Column column;

        Labels(Column column) {
            this.column = column;
        }

        @Override
        public String getText(Object element) {
            return text(column, element);
        }

        @Override
        public Font getFont(Object element) {
            return element instanceof ZoneRow r && r.zone().current()
                    ? JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT) : null;
        }

        @Override
        public Color getBackground(Object element) {
            return element instanceof ZoneRow r && r.zone().current() ? Palette.current(Display.getCurrent()) : null;
        }
    }

    private static final class Content implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return ((List<?>) input).toArray();
        }

        @Override
        public Object[] getChildren(Object element) {
            if (!(element instanceof DeviceSnapshot d)) {
                return new Object[0];
            }
            List<ZoneRow> rows = new ArrayList<>();
            d.zones().forEach(z -> rows.add(new ZoneRow(d, z)));
            return rows.toArray();
        }

        @Override
        public Object getParent(Object element) {
            return element instanceof ZoneRow r ? r.device() : null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof DeviceSnapshot d && !d.zones().isEmpty();
        }
    }
}
