package btrfs.workbench.ui.live;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;

import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.readahead.heatmap.CellState;
import btrfs.workbench.readahead.heatmap.DeviceHeat;
import btrfs.workbench.readahead.heatmap.Hilbert;
import btrfs.workbench.session.run.RunFrame;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.run.RunRegistry;

/**
 * Per device a map of its physical space, each cell coloured by what happened there: metadata
 * not queued, queued, in flight, read, failed, skipped (space without metadata stays blank). A
 * Hilbert-curve or linear layout, zoom, a tooltip with the cell's addresses, a legend, and
 * Export PNG of exactly what is on screen.
 */
public final class HeatmapView extends RunView {

    public static final String ID = "btrfs.workbench.ui.views.heatmap";

    private static final int LEGEND = 28;
    private static final int TITLE = 18;
    private static final int GAP = 16;

    /** One device's map as painted: where, at which zoom (tests and the tooltip use it). */
    record Placed(DeviceHeat heat, Rectangle bounds, int zoom) {
    }

    private Canvas canvas;
    private RunFrame frame;
    private RunFrame painted;
    private RunSource lastRun;
    private HeatmapLayout layout = HeatmapLayout.HILBERT;
    /** The zoom asked for (the toolbar's + and -): the largest the maps are drawn at. */
    private int zoom = 2;
    private final List<Placed> placed = new ArrayList<>();
    private final java.util.Map<Long, DeviceImage> images = new java.util.HashMap<>();
    private final java.util.Map<String, int[]> placements = new java.util.HashMap<>();
    /** The canvas's client area at its last paint, where {@link #show} places the changed cells. */
    private Rectangle lastArea;

    @Override
    protected void create(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.addPaintListener(e -> paint(e.gc, canvas.getClientArea(), frame, true));
        canvas.addListener(SWT.MouseHover, e -> canvas.setToolTipText(describe(e.x, e.y)));
        canvas.addListener(SWT.MouseDown, e -> placed.stream().filter(p -> p.bounds().contains(e.x, e.y)).findFirst()
                .ifPresent(p -> RunRegistry.get().selectDevice(p.heat().devid())));
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        Action hilbert = action(Messages.HeatmapView_hilbert, Messages.HeatmapView_hilbertTip, IAction.AS_RADIO_BUTTON,
                () -> relayout(HeatmapLayout.HILBERT));
        hilbert.setChecked(true); // the layout a new view starts with
        toolbar.add(hilbert);
        toolbar.add(action(Messages.HeatmapView_linear, Messages.HeatmapView_linearTip, IAction.AS_RADIO_BUTTON,
                () -> relayout(HeatmapLayout.LINEAR)));
        toolbar.add(action(Messages.HeatmapView_zoomIn, Messages.HeatmapView_zoomInTip, IAction.AS_PUSH_BUTTON,
                () -> zoom(+1)));
        toolbar.add(action(Messages.HeatmapView_zoomOut, Messages.HeatmapView_zoomOutTip, IAction.AS_PUSH_BUTTON,
                () -> zoom(-1)));
        toolbar.add(action(Messages.HeatmapView_export, Messages.HeatmapView_exportTip, IAction.AS_PUSH_BUTTON,
                this::exportDialog));
    }

    private static Action action(String text, String tooltip, int style, Runnable run) {
        Action action = new Action(text, style) {
            @Override
            public void run() {
                run.run();
            }
        };
        action.setToolTipText(tooltip);
        return action;
    }

    @Override
    protected Control control() {
        return canvas;
    }

    @Override
    protected void show(RunSource run, RunFrame newFrame) {
        boolean screenCurrent = painted == frame; // no repaint of the frame shown last is pending
        frame = newFrame;
        // cell by cell only between frames of one run: another run (another array) is painted whole
        boolean sameRun = run == lastRun;
        lastRun = run;
        if (!sameRun || newFrame == null || newFrame.heat() == null || lastArea == null || !sameMaps(newFrame)) {
            canvas.redraw();
            return;
        }
        // the same maps: bring each device's image up to date and repaint only the cells that
        // changed (their bounding box). A frame that changed no cell repaints nothing: if the
        // screen is current, it shows that frame already, so it counts as painted (else a run
        // whose last frames only finish controls never had its last frame painted)
        boolean anyChanged = false;
        for (Placed p : boxes(newFrame, lastArea)) {
            Rectangle changed = update(p.heat());
            if (changed != null) {
                anyChanged = true;
                canvas.redraw(p.bounds().x + changed.x * p.zoom(), p.bounds().y + changed.y * p.zoom(),
                        changed.width * p.zoom(), changed.height * p.zoom(), false);
            }
        }
        if (!anyChanged && screenCurrent) {
            painted = newFrame;
        }
    }

    /** Whether {@code newFrame} has the devices and cell counts of the maps on screen (only cells changed). */
    private boolean sameMaps(RunFrame newFrame) {
        List<DeviceHeat> devices = newFrame.heat().devices();
        if (devices.size() != images.size()) {
            return false;
        }
        for (DeviceHeat heat : devices) {
            DeviceImage image = images.get(heat.devid());
            if (image == null || image.layout != layout || image.cells.length != heat.cellCount()) {
                return false;
            }
        }
        return true;
    }

    void relayout(HeatmapLayout newLayout) {
        layout = newLayout;
        canvas.redraw();
    }

    void zoom(int step) {
        zoom = Math.max(1, Math.min(8, zoom + step));
        canvas.redraw();
    }

    /** The maps as last painted. */
    List<Placed> placed() {
        return List.copyOf(placed);
    }

    /** The frame the canvas last painted: what is on screen (a newer one may wait for its paint). */
    RunFrame paintedFrame() {
        return painted;
    }

    /**
     * Where each device's map goes in {@code area}: side by side, on a new row where the next would
     * run past the right edge, at the zoom asked for or the largest below it at which every map
     * and the legend fit (a fourth device's map was cut off).
     */
    private List<Placed> boxes(RunFrame toPaint, Rectangle area) {
        for (int z = zoom;; z--) {
            List<Placed> out = boxes(toPaint, area, z);
            Rectangle last = out.isEmpty() ? null : out.get(out.size() - 1).bounds();
            if (z == 1 || last == null || last.y + last.height + LEGEND <= area.y + area.height) {
                return out;
            }
        }
    }

    private List<Placed> boxes(RunFrame toPaint, Rectangle area, int z) {
        List<Placed> out = new ArrayList<>();
        int left = area.x + 8;
        int x = left;
        int y = area.y + 4 + TITLE;
        int rowHeight = 0;
        for (DeviceHeat heat : toPaint.heat().devices()) {
            int[] cells = layout.size(heat.cellCount());
            int width = cells[0] * z;
            if (x > left && x + width > area.x + area.width) {
                x = left;
                y += rowHeight + GAP + TITLE;
                rowHeight = 0;
            }
            out.add(new Placed(heat, new Rectangle(x, y, width, cells[1] * z), z));
            x += width + GAP;
            rowHeight = Math.max(rowHeight, cells[1] * z);
        }
        return out;
    }

    private void paint(GC gc, Rectangle area, RunFrame toPaint, boolean onScreen) {
        painted = toPaint;
        placed.clear();
        // a frame repaints only the cells that changed: draw only what meets the area to repaint
        Rectangle clip = gc.getClipping();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        if (toPaint == null || toPaint.heat() == null) {
            gc.drawText(toPaint == null ? Messages.Common_noRun : Messages.HeatmapView_noHeatmap, 10, 10, true);
            return;
        }
        if (onScreen) {
            lastArea = area;
        }
        for (Placed p : boxes(toPaint, area)) {
            Rectangle box = p.bounds();
            placed.add(p);
            String title = NLS.bind(Messages.HeatmapView_deviceTitle, Long.toUnsignedString(p.heat().devid()),
                    PrettySize.format(p.heat().size()));
            int titleY = box.y - TITLE - 2;
            if (clip.intersects(box.x, titleY, Math.max(box.width, gc.textExtent(title).x), TITLE + 2)) {
                gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
                gc.drawText(title, box.x, titleY, true);
            }
            if (!clip.intersects(box.x - 1, box.y - 1, box.width + 2, box.height + 2)) {
                continue;
            }
            update(p.heat());
            Image image = images.get(p.heat().devid()).image;
            Rectangle cells = image.getBounds();
            gc.setInterpolation(SWT.NONE); // one cell, one flat colour: no blending at zoom
            gc.drawImage(image, 0, 0, cells.width, cells.height, box.x, box.y, box.width, box.height);
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY));
            gc.drawRectangle(box.x - 1, box.y - 1, box.width + 1, box.height + 1);
        }
        int legend = area.y + area.height - LEGEND + 6;
        if (clip.intersects(area.x, legend, area.width, LEGEND)) {
            paintLegend(gc, area.x + 8, legend);
        }
    }

    /**
     * Brings the device's image (one pixel per cell, in the layout's order) to {@code heat}'s cells:
     * built once per device and layout, then only the cells that changed are painted into it, so
     * a frame costs the UI thread its changed cells, not a new image. Returns the bounding box of
     * the cells changed (in cells), null if none did.
     */
    private Rectangle update(DeviceHeat heat) {
        DeviceImage current = images.get(heat.devid());
        byte[] cells = heat.cells();
        if (current == null || current.layout != layout || current.cells.length != cells.length) {
            if (current != null) {
                current.image.dispose();
            }
            int[] size = layout.size(cells.length);
            images.put(heat.devid(), new DeviceImage(layout, cells, new Image(canvas.getDisplay(), render(cells))));
            return new Rectangle(0, 0, size[0], size[1]);
        }
        int[] xy = placements(cells.length);
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        GC gc = null;
        try {
            for (int d = 0; d < cells.length; d++) {
                if (cells[d] == current.cells[d]) {
                    continue;
                }
                if (gc == null) {
                    gc = new GC(current.image);
                }
                int x = xy[2 * d];
                int y = xy[2 * d + 1];
                gc.setBackground(Palette.color(canvas.getDisplay(), colour(CellState.values()[cells[d]])));
                gc.fillRectangle(x, y, 1, 1);
                current.cells[d] = cells[d];
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
            }
        } finally {
            if (gc != null) {
                gc.dispose();
            }
        }
        return maxX < 0 ? null : new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** A new device image's pixels: one per cell, through the cached cell placements. */
    private ImageData render(byte[] cells) {
        int[] size = layout.size(cells.length);
        ImageData data = new ImageData(size[0], size[1], 24, new PaletteData(0xff0000, 0xff00, 0xff));
        byte[] bytes = data.data;
        int[] xy = placements(cells.length);
        fill(data, Palette.UNUSED);
        for (int d = 0; d < cells.length; d++) {
            RGB rgb = colour(CellState.values()[cells[d]]);
            int at = xy[2 * d + 1] * data.bytesPerLine + xy[2 * d] * 3;
            bytes[at] = (byte) rgb.red;
            bytes[at + 1] = (byte) rgb.green;
            bytes[at + 2] = (byte) rgb.blue;
        }
        return data;
    }

    /** x, y of each cell in the current layout (cached: a Hilbert placement is a loop per cell). */
    private int[] placements(int cells) {
        String key = layout + "/" + cells;
        return placements.computeIfAbsent(key, k -> {
            int[] out = new int[2 * cells];
            for (int d = 0; d < cells; d++) {
                Hilbert.Point p = layout.place(cells, d);
                out[2 * d] = p.x();
                out[2 * d + 1] = p.y();
            }
            return out;
        });
    }

    /** Every pixel (not the padding at the end of each scanline) in one colour. */
    private static void fill(ImageData data, RGB rgb) {
        for (int y = 0; y < data.height; y++) {
            for (int x = 0, at = y * data.bytesPerLine; x < data.width; x++, at += 3) {
                data.data[at] = (byte) rgb.red;
                data.data[at + 1] = (byte) rgb.green;
                data.data[at + 2] = (byte) rgb.blue;
            }
        }
    }

    /** A device's map as an image, one pixel per cell, and the cells it shows. */
    private static final class DeviceImage {
        final HeatmapLayout layout;
        final byte[] cells;
        final Image image;

        DeviceImage(HeatmapLayout layout, byte[] cells, Image image) {
            this.layout = layout;
            this.cells = cells;
            this.image = image;
        }
    }

    @Override
    public void dispose() {
        images.values().forEach(i -> i.image.dispose());
        images.clear();
        super.dispose();
    }

    static RGB colour(CellState state) {
        return switch (state) {
            case UNUSED -> Palette.UNUSED;
            case METADATA -> Palette.METADATA;
            case READ -> Palette.READ;
            case SKIPPED -> Palette.SKIPPED;
            case QUEUED -> Palette.QUEUED;
            case IN_FLIGHT -> Palette.IN_FLIGHT;
            case FAILED -> Palette.FAILED;
        };
    }

    private void paintLegend(GC gc, int x, int y) {
        for (CellState state : CellState.values()) {
            gc.setBackground(Palette.color(canvas.getDisplay(), colour(state)));
            gc.fillRectangle(x, y + 2, 12, 12);
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawRectangle(x, y + 2, 12, 12);
            String name = legendName(state);
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawText(name, x + 16, y, true);
            x += 16 + gc.textExtent(name).x + 14;
        }
    }

    /** A state's name in the legend. */
    static String legendName(CellState state) {
        return switch (state) {
            case UNUSED -> Messages.HeatmapView_unused;
            case METADATA -> Messages.HeatmapView_metadata;
            case READ -> Messages.HeatmapView_read;
            case SKIPPED -> Messages.HeatmapView_skipped;
            case QUEUED -> Messages.HeatmapView_queued;
            case IN_FLIGHT -> Messages.HeatmapView_inFlight;
            case FAILED -> Messages.HeatmapView_failed;
        };
    }

    /** The tooltip: which device, which bytes, what state. */
    String describe(int x, int y) {
        for (Placed p : placed) {
            if (p.bounds().contains(x, y)) {
                int d = cellAt(p, x, y);
                if (d < 0) {
                    return null;
                }
                long start = p.heat().physicalOf(d);
                return NLS.bind(Messages.HeatmapView_cell, new Object[] { Long.toUnsignedString(p.heat().devid()), start,
                        start + p.heat().cellBytes() - 1, p.heat().cell(d).name().toLowerCase(java.util.Locale.ROOT) });
            }
        }
        return null;
    }

    /** The cell under a point of a placed map, -1 if none. */
    int cellAt(Placed p, int x, int y) {
        int cx = (x - p.bounds().x) / p.zoom();
        int cy = (y - p.bounds().y) / p.zoom();
        int cells = p.heat().cellCount();
        long d = layout == HeatmapLayout.HILBERT ? Hilbert.index(Hilbert.order(Math.max(1, cells)), cx, cy)
                : (long) cy * HeatmapLayout.LINEAR_WIDTH + cx;
        return d < cells ? (int) d : -1;
    }

    /** Where cell {@code d} of a placed map is on screen (its top-left pixel). */
    Point screenOf(Placed p, int d) {
        Hilbert.Point cell = layout.place(p.heat().cellCount(), d);
        return new Point(p.bounds().x + cell.x() * p.zoom(), p.bounds().y + cell.y() * p.zoom());
    }

    private void exportDialog() {
        FileDialog dialog = new FileDialog(canvas.getShell(), SWT.SAVE);
        dialog.setText(Messages.HeatmapView_exportTitle);
        dialog.setFilterExtensions(new String[] { "*.png" });
        dialog.setFileName("heatmap.png");
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file != null) {
            export(file);
        }
    }

    /** Writes what the canvas shows now (the frame it last painted), pixel for pixel, as PNG. */
    void export(String file) {
        canvas.update(); // a paint still pending would leave the device images ahead of the frame painted
        Point size = canvas.getSize();
        Image image = new Image(canvas.getDisplay(), Math.max(1, size.x), Math.max(1, size.y));
        GC gc = new GC(image);
        try {
            paint(gc, new Rectangle(0, 0, size.x, size.y), painted, false);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            loader.save(file, SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
