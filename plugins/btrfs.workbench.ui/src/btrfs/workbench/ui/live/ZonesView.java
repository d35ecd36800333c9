package btrfs.workbench.ui.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ZoneSnapshot;
import btrfs.workbench.session.run.RunFrame;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.run.RunRegistry;

/**
 * Per device its zones (reada_zone: one block group on the device): start, end, queued elems,
 * locked, peers; the current zone in bold with the read pointer's offset in it, and the device's
 * reads in flight. Selecting a device selects it in the other views.
 */
public final class ZonesView extends RunView {

    public static final String ID = "btrfs.workbench.ui.views.zones";

    /** A device row: the same from frame to frame, so that new frames only update labels. */
    record DeviceRow(long devid) {
    }

    /** A zone row, identified by its device and start. */
    record ZoneRow(long devid, long start) {
    }

    enum Column {
        NAME(Messages.ZonesView_columnName, 150), START(Messages.ZonesView_columnStart, 130),
        END(Messages.ZonesView_columnEnd, 130), ELEMS(Messages.ZonesView_columnElems, 70),
        LOCKED(Messages.ZonesView_columnLocked, 60), PEERS(Messages.ZonesView_columnPeers, 80),
        POINTER(Messages.ZonesView_columnPointer, 130), IN_FLIGHT(Messages.ZonesView_columnInFlight, 70),
        QUEUED(Messages.ZonesView_columnQueued, 70);

        final String title;
        final int width;

        Column(String title, int width) {
            this.title = title;
            this.width = width;
        }
    }

    private TreeViewer viewer;
    private RunFrame frame;
    /** The rows of the frame on screen: devices and their zones, to tell a new structure from new numbers. */
    private Map<DeviceRow, List<ZoneRow>> structure = Map.of();
    /** The labels of the rows on screen, to update only the rows whose labels change. */
    private Map<Object, List<String>> shown = Map.of();

    @Override
    protected void create(Composite parent) {
        viewer = new TreeViewer(parent, SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        for (Column c : Column.values()) {
            TreeViewerColumn column = new TreeViewerColumn(viewer, SWT.LEFT);
            column.getColumn().setText(c.title);
            column.getColumn().setWidth(c.width);
            column.setLabelProvider(new Labels(c, this));
        }
        viewer.setContentProvider(new Content());
        viewer.setAutoExpandLevel(TreeViewer.ALL_LEVELS);
        viewer.setUseHashlookup(true);
        // the user's clicks (and tests' setSelection) only, not selections kept across new input
        viewer.addPostSelectionChangedListener(e -> {
            Object row = viewer.getStructuredSelection().getFirstElement();
            if (row instanceof DeviceRow d) {
                RunRegistry.get().selectDevice(d.devid());
            } else if (row instanceof ZoneRow z) {
                RunRegistry.get().selectZone(z.devid(), z.start());
            }
        });
    }

    @Override
    protected int framePhase() {
        return 1; // with the other table, on the frames the queue skips
    }

    @Override
    protected Control control() {
        return viewer == null ? null : viewer.getControl();
    }

    @Override
    protected void show(RunSource run, RunFrame newFrame) {
        frame = newFrame;
        Map<DeviceRow, List<ZoneRow>> rows = new LinkedHashMap<>();
        if (newFrame != null) {
            for (DeviceSnapshot d : newFrame.engine().devices()) {
                rows.put(new DeviceRow(d.devid()), d.zones().stream().map(z -> new ZoneRow(d.devid(), z.start())).toList());
            }
        }
        if (rows.equals(structure)) {
            // same rows, new numbers: only the rows whose labels changed (a refresh of all rows
            // costs GTK a new measurement of every row, 20 times a second)
            Map<Object, List<String>> labels = labels();
            Object[] changed = labels.keySet().stream().filter(r -> !labels.get(r).equals(shown.get(r))).toArray();
            shown = labels;
            if (changed.length > 0) {
                viewer.update(changed, null);
            }
        } else {
            structure = rows;
            viewer.setInput(List.copyOf(rows.keySet()));
            shown = labels();
            restoreSelection();
        }
    }

    /** Every row's texts and whether it is the current zone, as {@link Labels} will show them. */
    private Map<Object, List<String>> labels() {
        Map<Object, List<String>> out = new HashMap<>();
        for (Map.Entry<DeviceRow, List<ZoneRow>> device : structure.entrySet()) {
            out.put(device.getKey(), rowLabels(device.getKey()));
            for (ZoneRow zone : device.getValue()) {
                out.put(zone, rowLabels(zone));
            }
        }
        return out;
    }

    private List<String> rowLabels(Object row) {
        List<String> texts = new ArrayList<>();
        for (Column c : Column.values()) {
            texts.add(text(c, row));
        }
        ZoneSnapshot z = row instanceof ZoneRow r ? zone(r) : null;
        texts.add(Boolean.toString(z != null && z.current()));
        return texts;
    }

    /** After new rows: select again what the user selected (in this or another view). */
    private void restoreSelection() {
        long devid = RunRegistry.get().selectedDevice();
        long zone = RunRegistry.get().selectedZone();
        Object row = zone >= 0 ? new ZoneRow(devid, zone) : new DeviceRow(devid);
        viewer.setSelection(new StructuredSelection(row));
    }

    DeviceSnapshot device(long devid) {
        return frame == null ? null : frame.device(devid);
    }

    ZoneSnapshot zone(ZoneRow row) {
        DeviceSnapshot d = device(row.devid());
        return d == null ? null : d.zones().stream().filter(z -> z.start() == row.start()).findFirst().orElse(null);
    }

    /** The tree's rows as the widgets show them, for tests: device rows with their zone rows. */
    TreeViewer viewer() {
        return viewer;
    }

    String text(Column c, Object row) {
        if (row instanceof DeviceRow key) {
            DeviceSnapshot d = device(key.devid());
            if (d == null) {
                return "";
            }
            return switch (c) {
                case NAME -> NLS.bind(d.present() ? Messages.Common_devid : Messages.ZonesView_missingDevice,
                        Long.toUnsignedString(d.devid()));
                case POINTER -> d.currZone() == null ? "" : Long.toUnsignedString(d.readaNext());
                case IN_FLIGHT -> Integer.toString(d.inFlight());
                case QUEUED -> Integer.toString(d.queued());
                default -> "";
            };
        }
        ZoneRow r = (ZoneRow) row;
        ZoneSnapshot z = zone(r);
        if (z == null) {
            return "";
        }
        return switch (c) {
            case NAME -> z.current() ? Messages.ZonesView_currentZone : Messages.ZonesView_zone;
            case START -> Long.toUnsignedString(z.start());
            case END -> Long.toUnsignedString(z.end());
            case ELEMS -> Long.toString(z.elems());
            case LOCKED -> z.locked() ? Messages.ZonesView_locked : "";
            case PEERS -> String.join(" ", z.peers().stream().map(Long::toUnsignedString).toList());
            case POINTER -> z.current() ? "+" + Long.toUnsignedString(device(r.devid()).readaNext() - z.start()) : "";
            default -> "";
        };
    }

    private static final class Labels extends LiveLabels {
        private final Column column;
        private final ZonesView view;

        Labels(Column column, ZonesView view) {
            this.column = column;
            this.view = view;
        }

        @Override
        public String getText(Object element) {
            return view.text(column, element);
        }

        private boolean current(Object element) {
            ZoneSnapshot z = element instanceof ZoneRow r ? view.zone(r) : null;
            return z != null && z.current();
        }

        @Override
        public Font getFont(Object element) {
            return current(element) ? JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT) : null;
        }

        @Override
        public Color getBackground(Object element) {
            return current(element) ? Palette.current(Display.getCurrent()) : null;
        }
    }

    private final class Content implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return ((List<?>) input).toArray();
        }

        @Override
        public Object[] getChildren(Object element) {
            return element instanceof DeviceRow d ? structure.getOrDefault(d, List.of()).toArray() : new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return element instanceof ZoneRow r ? new DeviceRow(r.devid()) : null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof DeviceRow d && !structure.getOrDefault(d, List.of()).isEmpty();
        }
    }
}
