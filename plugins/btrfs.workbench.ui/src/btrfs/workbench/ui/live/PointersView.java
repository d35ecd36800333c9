package btrfs.workbench.ui.live;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;
import btrfs.workbench.readahead.state.ZoneSnapshot;
import btrfs.workbench.session.run.RunFrame;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.run.RunRegistry;

/**
 * Per device a strip of its metadata block groups to scale: the zones the engine has (locked ones
 * darker), the current zone highlighted with the read pointer moving along it, queued extents
 * as short ticks and reads in flight as tall ones. Clicking a strip selects its device.
 */
public final class PointersView extends RunView {

    public static final String ID = "btrfs.workbench.ui.views.pointers";

    private static final int ROW = 46;
    private static final int LABEL = 110;
    private static final int GAP = 6;

    /** What one device's strip shows: the zone the pointer is in and where (tests compare it with the frame). */
    record Strip(long devid, Rectangle bounds, long currentZoneStart, long pointer, int inFlight) {
    }

    private Canvas canvas;
    private RunSource run;
    private RunFrame frame;
    private RunFrame painted;
    private final List<Strip> strips = new ArrayList<>();

    @Override
    protected void create(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL);
        canvas.addPaintListener(e -> paint(e.gc, canvas.getClientArea()));
        canvas.addListener(SWT.MouseDown, e -> strips.stream().filter(s -> s.bounds().contains(e.x, e.y)).findFirst()
                .ifPresent(s -> RunRegistry.get().selectDevice(s.devid())));
    }

    @Override
    protected Control control() {
        return canvas;
    }

    @Override
    protected void show(RunSource liveRun, RunFrame newFrame) {
        run = liveRun;
        frame = newFrame;
        canvas.redraw();
    }

    /** The strips as last painted. */
    List<Strip> strips() {
        return List.copyOf(strips);
    }

    /** The frame the canvas last painted: what is on screen (a newer one may wait for its paint). */
    RunFrame paintedFrame() {
        return painted;
    }

    private void paint(GC gc, Rectangle area) {
        painted = frame;
        strips.clear();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        if (frame == null) {
            gc.drawText(Messages.Common_noRun, 10, 10, true);
            return;
        }
        int y = area.y + 8;
        for (DeviceSnapshot device : frame.engine().devices()) {
            paintDevice(gc, device, new Rectangle(area.x + LABEL, y, Math.max(10, area.width - LABEL - 16), ROW - 18));
            y += ROW;
        }
    }

    private void paintDevice(GC gc, DeviceSnapshot device, Rectangle strip) {
        boolean selected = device.devid() == RunRegistry.get().selectedDevice();
        gc.setForeground(canvas.getDisplay().getSystemColor(selected ? SWT.COLOR_LIST_SELECTION : SWT.COLOR_BLACK));
        gc.drawText(NLS.bind(Messages.Common_devid, Long.toUnsignedString(device.devid())), strip.x - LABEL + 6,
                strip.y + 2, true);
        gc.drawText(NLS.bind(Messages.PointersView_inFlight, device.inFlight()), strip.x - LABEL + 6, strip.y + 18, true);
        List<BlockGroup> groups = run.metadataZones(device.devid());
        long total = groups.stream().mapToLong(BlockGroup::length).sum();
        int usable = strip.width - GAP * Math.max(0, groups.size() - 1);
        int x = strip.x;
        long currentStart = device.currZone() == null ? -1 : device.currZone().start();
        for (BlockGroup group : groups) {
            int w = Math.max(4, (int) (usable * (double) group.length() / Math.max(1, total)));
            Rectangle zoneBox = new Rectangle(x, strip.y, w, strip.height);
            paintZone(gc, device, group, zoneBox);
            x += w + GAP;
        }
        strips.add(new Strip(device.devid(), new Rectangle(strip.x - LABEL, strip.y, strip.width + LABEL, strip.height),
                currentStart, device.readaNext(), device.inFlight()));
    }

    /** Per pixel column of a zone {@code width} pixels wide: {queued extents there, reads in flight there}. */
    static boolean[][] ticks(List<ExtentSnapshot> extents, BlockGroup group, int width) {
        boolean[][] columns = new boolean[2][Math.max(0, width)];
        for (ExtentSnapshot e : extents) {
            int row = e.status() == ExtentStatus.QUEUED ? 0 : e.status() == ExtentStatus.SCHEDULED ? 1 : -1;
            if (row >= 0 && group.contains(e.logical(), 1)) {
                int x = (int) (width * (double) (e.logical() - group.start()) / group.length());
                columns[row][Math.min(width - 1, Math.max(0, x))] = true;
            }
        }
        return columns;
    }

    private void paintZone(GC gc, DeviceSnapshot device, BlockGroup group, Rectangle box) {
        ZoneSnapshot zone = device.zones().stream().filter(z -> z.start() == group.start()).findFirst().orElse(null);
        boolean current = zone != null && zone.current();
        gc.setBackground(Palette.color(canvas.getDisplay(), zone == null ? Palette.METADATA
                : current ? Palette.CURRENT : zone.locked() ? Palette.LOCKED_ZONE : Palette.ZONE));
        gc.fillRectangle(box);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        gc.drawRectangle(box);
        // queued ticks first, reads in flight over them: those are what moves. At most one tick
        // per pixel column, and runs of queued columns as one rectangle: a queue of thousands of
        // extents is a few dozen drawing calls, not thousands of strokes per frame
        boolean[][] columns = ticks(device.extents(), group, box.width);
        gc.setBackground(Palette.color(canvas.getDisplay(), Palette.of(ExtentStatus.QUEUED)));
        int queuedTick = box.height / 3;
        for (int x = 0; x < box.width; x++) {
            if (columns[0][x]) {
                int run = x;
                while (run + 1 < box.width && columns[0][run + 1]) {
                    run++;
                }
                gc.fillRectangle(box.x + x, box.y + box.height - queuedTick, run - x + 1, queuedTick);
                x = run;
            }
        }
        gc.setForeground(Palette.color(canvas.getDisplay(), Palette.of(ExtentStatus.SCHEDULED)));
        gc.setLineWidth(3);
        int flightTick = box.height - 4;
        for (int x = 0; x < box.width; x++) {
            if (columns[1][x]) {
                gc.drawLine(box.x + x, box.y + box.height - flightTick, box.x + x, box.y + box.height - 1);
            }
        }
        gc.setLineWidth(1);
        if (zone != null && box.width > 60) {
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            String elems = String.valueOf(zone.elems());
            String text = zone.locked() ? NLS.bind(Messages.PointersView_lockedElems, elems) : elems;
            gc.drawText(text, box.x + 3, box.y + 2, true);
        }
        if (device.devid() == RunRegistry.get().selectedDevice() && group.start() == RunRegistry.get().selectedZone()) {
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_SELECTION));
            gc.setLineWidth(3);
            gc.drawRectangle(box.x - 1, box.y - 1, box.width + 2, box.height + 2);
            gc.setLineWidth(1);
        }
        if (current) {
            int px = box.x + (int) (box.width * (double) (device.readaNext() - group.start()) / group.length());
            gc.setBackground(Palette.color(canvas.getDisplay(), Palette.POINTER));
            gc.fillPolygon(new int[] { px - 5, box.y - 1, px + 5, box.y - 1, px, box.y + 7 });
            gc.setForeground(Palette.color(canvas.getDisplay(), Palette.POINTER));
            gc.setLineWidth(2);
            gc.drawLine(px, box.y, px, box.y + box.height);
            gc.setLineWidth(1);
        }
    }
}
