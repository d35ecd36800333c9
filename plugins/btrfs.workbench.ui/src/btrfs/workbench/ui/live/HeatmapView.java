package btrfs.workbench.ui.live;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IToolBarManager;
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
import btrfs.workbench.ui.run.RunSource;
import btrfs.workbench.ui.run.RunFrame;
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
    record Placed(DeviceHeat heat, Rectangle bounds) {
    }

    private Canvas canvas;
    private RunFrame frame;
    private RunFrame painted;
    private HeatmapLayout layout = HeatmapLayout.HILBERT;
    private int zoom = 2;
    private final List<Placed> placed = new ArrayList<>();
    private final java.util.Map<Long, Rendered> rendered = new java.util.HashMap<>();
    private final java.util.Map<String, int[]> offsets = new java.util.HashMap<>();

    @Override
    protected void create(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.addPaintListener(e -> paint(e.gc, canvas.getClientArea(), frame));
        canvas.addListener(SWT.MouseHover, e -> canvas.setToolTipText(describe(e.x, e.y)));
        canvas.addListener(SWT.MouseDown, e -> placed.stream().filter(p -> p.bounds().contains(e.x, e.y)).findFirst()
                .ifPresent(p -> RunRegistry.get().selectDevice(p.heat().devid())));
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        toolbar.add(action("Hilbert", "Hilbert-curve layout", IAction.AS_RADIO_BUTTON, () -> relayout(HeatmapLayout.HILBERT)));
        toolbar.add(action("Linear", "Linear rows", IAction.AS_RADIO_BUTTON, () -> relayout(HeatmapLayout.LINEAR)));
        toolbar.add(action("Zoom +", "Larger cells", IAction.AS_PUSH_BUTTON, () -> zoom(+1)));
        toolbar.add(action("Zoom -", "Smaller cells", IAction.AS_PUSH_BUTTON, () -> zoom(-1)));
        toolbar.add(action("Export PNG...", "Save the heatmap as shown", IAction.AS_PUSH_BUTTON, this::exportDialog));
    }

    private static Action action(String text, String tooltip, int style, Runnable run) {
        Action action = new Action(text, style) {
            @Override
            public void run() {
                run.run();
            }
        };
        action.setToolTipText(tooltip);
        action.setChecked(text.equals("Hilbert"));
        return action;
    }

    @Override
    protected Control control() {
        return canvas;
    }

    @Override
    protected void show(RunSource run, RunFrame newFrame) {
        frame = newFrame;
        canvas.redraw();
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

    private void paint(GC gc, Rectangle area, RunFrame toPaint) {
        painted = toPaint;
        placed.clear();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        if (toPaint == null || toPaint.heat() == null) {
            gc.drawText(toPaint == null ? "No readahead yet: Readahead > Launch readahead..."
                    : "No heatmap was recorded in this snapshot.", 10, 10, true);
            return;
        }
        int x = area.x + 8;
        int y = area.y + 4 + TITLE;
        for (DeviceHeat heat : toPaint.heat().devices()) {
            int[] cells = layout.size(heat.cellCount());
            Rectangle box = new Rectangle(x, y, cells[0] * zoom, cells[1] * zoom);
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawText("devid " + Long.toUnsignedString(heat.devid()) + " (" + PrettySize.format(heat.size()) + ")", x,
                    area.y + 2, true);
            Image image = new Image(canvas.getDisplay(), render(heat));
            gc.setInterpolation(SWT.NONE); // one cell, one flat colour: no blending at zoom
            gc.drawImage(image, 0, 0, cells[0], cells[1], box.x, box.y, box.width, box.height);
            image.dispose();
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY));
            gc.drawRectangle(box.x - 1, box.y - 1, box.width + 1, box.height + 1);
            placed.add(new Placed(heat, box));
            x += box.width + GAP;
        }
        paintLegend(gc, area.x + 8, area.y + area.height - LEGEND + 6);
    }

    /**
     * One pixel per cell, in the layout's order. Rendered into the image's bytes through a cached
     * cell-to-pixel map, and only when the device's cells changed since the last paint: at 20
     * frames a second this keeps the view's cost small next to the engine's.
     */
    private ImageData render(DeviceHeat heat) {
        Rendered cached = rendered.get(heat.devid());
        if (cached != null && cached.layout == layout && java.util.Arrays.equals(cached.cells, heat.cells())) {
            return cached.data;
        }
        int[] size = layout.size(heat.cellCount());
        ImageData data = new ImageData(size[0], size[1], 24, new PaletteData(0xff0000, 0xff00, 0xff));
        byte[] bytes = data.data;
        int[] offsets = pixelOffsets(heat.cellCount(), data.bytesPerLine);
        fill(data, Palette.UNUSED);
        byte[] cells = heat.cells();
        for (int d = 0; d < cells.length; d++) {
            RGB rgb = colour(CellState.values()[cells[d]]);
            int at = offsets[d];
            bytes[at] = (byte) rgb.red;
            bytes[at + 1] = (byte) rgb.green;
            bytes[at + 2] = (byte) rgb.blue;
        }
        rendered.put(heat.devid(), new Rendered(layout, cells, data));
        return data;
    }

    /** Byte offset of each cell's pixel in the image data, for the current layout (cached). */
    private int[] pixelOffsets(int cells, int bytesPerLine) {
        String key = layout + "/" + cells + "/" + bytesPerLine;
        return offsets.computeIfAbsent(key, k -> {
            int[] out = new int[cells];
            for (int d = 0; d < cells; d++) {
                Hilbert.Point p = layout.place(cells, d);
                out[d] = p.y() * bytesPerLine + p.x() * 3;
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

    /** A device's map as last rendered, reused while its cells stay the same. */
    private record Rendered(HeatmapLayout layout, byte[] cells, ImageData data) {
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
            String name = state == CellState.UNUSED ? "no metadata"
                    : state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawText(name, x + 16, y, true);
            x += 16 + gc.textExtent(name).x + 14;
        }
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
                return "devid " + Long.toUnsignedString(p.heat().devid()) + ", physical " + start + " .. "
                        + (start + p.heat().cellBytes() - 1) + ": " + p.heat().cell(d).name().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return null;
    }

    /** The cell under a point of a placed map, -1 if none. */
    int cellAt(Placed p, int x, int y) {
        int cx = (x - p.bounds().x) / zoom;
        int cy = (y - p.bounds().y) / zoom;
        int cells = p.heat().cellCount();
        long d = layout == HeatmapLayout.HILBERT ? Hilbert.index(Hilbert.order(Math.max(1, cells)), cx, cy)
                : (long) cy * HeatmapLayout.LINEAR_WIDTH + cx;
        return d < cells ? (int) d : -1;
    }

    /** Where cell {@code d} of a placed map is on screen (its top-left pixel). */
    Point screenOf(Placed p, int d) {
        Hilbert.Point cell = layout.place(p.heat().cellCount(), d);
        return new Point(p.bounds().x + cell.x() * zoom, p.bounds().y + cell.y() * zoom);
    }

    private void exportDialog() {
        FileDialog dialog = new FileDialog(canvas.getShell(), SWT.SAVE);
        dialog.setText("Export heatmap");
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
        Point size = canvas.getSize();
        Image image = new Image(canvas.getDisplay(), Math.max(1, size.x), Math.max(1, size.y));
        GC gc = new GC(image);
        try {
            paint(gc, new Rectangle(0, 0, size.x, size.y), painted);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            loader.save(file, SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
