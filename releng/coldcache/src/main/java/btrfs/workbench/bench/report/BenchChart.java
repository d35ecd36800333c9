package btrfs.workbench.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.bench.measure.Scope;

/**
 * The result as a PNG, drawn with headless java.awt (no UI toolkit): one panel per array with a
 * bar per method (seconds, median, on a log scale so that btrfs check and the limit fit in one
 * panel), and a last panel with the scaling series and its fitted line.
 */
public final class BenchChart {

    /** Panels per row: with eight arrays and both loop modes, one row made the titles overlap. */
    static final int COLUMNS = 4;
    static final int PANEL_WIDTH = 520;
    static final int PANEL_HEIGHT = 560;

    /** The bars of a panel: all-trees methods, then fs-tree methods. */
    static final List<Method> ORDER = List.of(Method.LIMIT, Method.LIMIT_ONE_COPY, Method.READA_ALL, Method.DIRECT_ALL,
            Method.NORMAL_ALL, Method.HELP_ALL, Method.NO_HUGE_ALL, Method.NO_STREAM_ALL, Method.BACK_TO_BACK_ALL,
            Method.UNCOALESCED_ALL, Method.DEEP_ALL, Method.WIDE_GAP_ALL, Method.CHECK, Method.READA_FS, Method.WHOLE_STREAM_FS,
            Method.HELP_FS, Method.NO_HUGE_FS, Method.NO_STREAM_FS, Method.NO_STREAM_DIRECT_FS, Method.NORMAL_FS, Method.DIRECT_FS,
            Method.NAIVE_FS, Method.NAIVE_NORMAL_FS, Method.NAIVE_DIRECT_FS, Method.DUMP_TREE);

    static final Map<Method, Color> COLORS = Map.ofEntries(Map.entry(Method.LIMIT, new Color(0x7f7f7f)),
            Map.entry(Method.LIMIT_ONE_COPY, new Color(0xbdbdbd)),
            Map.entry(Method.READA_ALL, new Color(0x1f77b4)), Map.entry(Method.UNCOALESCED_ALL, new Color(0x9ecae1)),
            Map.entry(Method.BACK_TO_BACK_ALL, new Color(0x4292c6)),
            Map.entry(Method.DEEP_ALL, new Color(0x8c564b)), Map.entry(Method.WIDE_GAP_ALL, new Color(0xbcbd22)),
            Map.entry(Method.NORMAL_ALL, new Color(0x393b79)), Map.entry(Method.DIRECT_ALL, new Color(0x17becf)),
            Map.entry(Method.CHECK, new Color(0x9467bd)), Map.entry(Method.READA_FS, new Color(0x08519c)),
            Map.entry(Method.NORMAL_FS, new Color(0x5254a3)),
            Map.entry(Method.DIRECT_FS, new Color(0x2ca02c)), Map.entry(Method.NAIVE_FS, new Color(0xd62728)),
            Map.entry(Method.NAIVE_NORMAL_FS, new Color(0x8c1a1b)),
            Map.entry(Method.NAIVE_DIRECT_FS, new Color(0xff9896)),
            Map.entry(Method.DUMP_TREE, new Color(0xff7f0e)), Map.entry(Method.NO_STREAM_ALL, new Color(0x99d8c9)),
            Map.entry(Method.NO_STREAM_FS, new Color(0x66c2a4)), Map.entry(Method.HELP_ALL, new Color(0x6baed6)),
            Map.entry(Method.HELP_FS, new Color(0x3182bd)), Map.entry(Method.NO_HUGE_ALL, new Color(0xfdae6b)),
            Map.entry(Method.NO_HUGE_FS, new Color(0xe6550d)),
            Map.entry(Method.NO_STREAM_DIRECT_FS, new Color(0x238b45)),
            Map.entry(Method.WHOLE_STREAM_FS, new Color(0x74a9cf)));

    private static final int MARGIN = 24;
    private static final int TITLE = 56;
    private static final int LEGEND = 122;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Twelve bars share a panel: their values in a size that fits a bar's width. */
    private static final Font VALUE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private BenchChart() {
    }

    public static void write(BenchResult result, Path png) throws IOException {
        Png.write(render(result), png);
    }

    public static BufferedImage render(BenchResult result) {
        int width = width(result);
        int height = height(result);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Png.canvas(image);
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            title(g, result);
            panels(g, result);
            legend(g, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** One panel per array, and one for the scaling series if there is one. */
    private static int panelCount(BenchResult r) {
        return r.arrays().size() + (r.scaling().isEmpty() ? 0 : 1);
    }

    private static int rows(BenchResult r) {
        return Math.max(1, (panelCount(r) + COLUMNS - 1) / COLUMNS);
    }

    static int width(BenchResult r) {
        return MARGIN + COLUMNS * (PANEL_WIDTH + MARGIN);
    }

    static int height(BenchResult r) {
        return TITLE + 10 + rows(r) * (PANEL_HEIGHT + MARGIN) + LEGEND;
    }

    private static void title(Graphics2D g, BenchResult r) {
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        g.drawString(String.format(Locale.ROOT, "Cold-cache metadata reads%s: seconds, median of %d runs "
                + "(log scale; lower is better)", r.quick() ? " (--quick)" : "", r.runs()), MARGIN, 34);
        g.setFont(SMALL_FONT);
        Environment e = r.environment();
        g.drawString(e.cpus() + " CPUs (" + e.load() + ") · kernel " + e.kernel() + " · " + e.progs()
                + " · details in bench.md", MARGIN, 50);
    }

    private static void panels(Graphics2D g, BenchResult r) {
        for (int i = 0; i < r.arrays().size(); i++) {
            barPanel(g, cell(i), r.arrays().get(i));
        }
        if (!r.scaling().isEmpty()) {
            scalingPanel(g, cell(r.arrays().size()), r);
        }
    }

    /** The {@code i}-th panel's place, row by row. */
    static Frame cell(int i) {
        int x = MARGIN + (i % COLUMNS) * (PANEL_WIDTH + MARGIN);
        int y = TITLE + 10 + (i / COLUMNS) * (PANEL_HEIGHT + MARGIN);
        return new Frame(x, y, PANEL_WIDTH, PANEL_HEIGHT);
    }

    /** A panel's box; {@code plot*} is the area inside its axes. */
    record Frame(int x, int y, int width, int height) {
        int plotLeft() {
            return x + 52;
        }

        int plotRight() {
            return x + width - 8;
        }

        int plotTop() {
            return y + 30;
        }

        int plotBottom() {
            return y + height - 40;
        }
    }

    private static void barPanel(Graphics2D g, Frame f, ArrayResult a) {
        List<MethodResult> bars = new ArrayList<>();
        for (Method m : ORDER) {
            a.method(m).ifPresent(bars::add);
        }
        panelTitle(g, f, a.facts().name() + " (" + a.facts().fsBlocks() + " / " + a.facts().allBlocks()
                + " blocks)");
        if (bars.isEmpty()) {
            return;
        }
        LogAxis axis = LogAxis.over(bars.stream().mapToDouble(MethodResult::median).min().orElse(1),
                bars.stream().mapToDouble(MethodResult::median).max().orElse(1), f.plotBottom(), f.plotTop());
        axis.draw(g, f);
        drawBars(g, f, axis, bars);
    }

    /** The all-trees bars, an empty slot, the fs-tree bars ({@link #ORDER} sorts them so). */
    private static void drawBars(Graphics2D g, Frame f, LogAxis axis, List<MethodResult> bars) {
        int allTrees = (int) bars.stream().filter(b -> b.method().scope() == Scope.ALL).count();
        boolean gap = allTrees > 0 && allTrees < bars.size();
        double slot = (f.plotRight() - f.plotLeft()) / (double) (bars.size() + (gap ? 1 : 0));
        for (int i = 0; i < bars.size(); i++) {
            int position = i + (gap && i >= allTrees ? 1 : 0);
            bar(g, f, axis, bars.get(i), f.plotLeft() + slot * position, slot);
        }
        if (allTrees > 0) {
            groupLabel(g, f, f.plotLeft(), f.plotLeft() + slot * allTrees, Scope.ALL.label());
        }
        if (allTrees < bars.size()) {
            groupLabel(g, f, f.plotRight() - slot * (bars.size() - allTrees), f.plotRight(), Scope.FS.label());
        }
    }

    private static void bar(Graphics2D g, Frame f, LogAxis axis, MethodResult m, double left, double slot) {
        int x = (int) (left + slot * 0.12);
        int w = (int) (slot * 0.76);
        int y = axis.pixel(m.median());
        g.setColor(COLORS.get(m.method()));
        g.fillRect(x, y, w, f.plotBottom() - y);
        g.setColor(Color.BLACK);
        g.setFont(VALUE_FONT);
        String text = BenchMarkdown.seconds(m.median());
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, x + (w - fm.stringWidth(text)) / 2, y - 4);
    }

    private static void groupLabel(Graphics2D g, Frame f, double from, double to, String text) {
        g.setColor(Color.DARK_GRAY);
        g.setFont(LABEL_FONT);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (int) ((from + to) / 2 - fm.stringWidth(text) / 2.0), f.plotBottom() + 20);
    }

    private static void panelTitle(Graphics2D g, Frame f, String text) {
        g.setColor(Color.BLACK);
        g.setFont(LABEL_FONT.deriveFont(Font.BOLD));
        g.drawString(text, f.x() + 4, f.y() + 16);
    }

    private static void scalingPanel(Graphics2D g, Frame f, BenchResult r) {
        panelTitle(g, f, "Scaling: fs-tree readahead, seconds vs blocks");
        double maxBlocks = r.scaling().stream().mapToLong(ScalingPoint::blocks).max().orElse(1) * 1.1;
        double maxSeconds = r.scaling().stream().mapToDouble(ScalingPoint::median).max().orElse(1) * 1.15;
        LinearAxis xAxis = new LinearAxis(maxBlocks, f.plotLeft(), f.plotRight());
        LinearAxis yAxis = new LinearAxis(maxSeconds, f.plotBottom(), f.plotTop());
        linearAxes(g, f, xAxis, yAxis);
        fitLine(g, r.scalingFit(), xAxis, yAxis, maxBlocks);
        for (ScalingPoint p : r.scaling()) {
            int x = xAxis.pixel(p.blocks());
            int y = yAxis.pixel(p.median());
            g.setColor(COLORS.get(Method.READA_FS));
            g.fillOval(x - 6, y - 6, 12, 12);
            pointLabel(g, f, p.array() + " " + BenchMarkdown.seconds(p.median()) + " s", x, y);
        }
    }

    /** Above the point, kept inside the panel (the largest array's point is near its right edge). */
    private static void pointLabel(Graphics2D g, Frame f, String text, int x, int y) {
        g.setColor(Color.BLACK);
        g.setFont(SMALL_FONT);
        int width = g.getFontMetrics().stringWidth(text);
        int left = Math.max(f.plotLeft() + 4, Math.min(x - width / 2, f.plotRight() - width));
        g.drawString(text, left, y - 10);
    }

    private static void fitLine(Graphics2D g, Stats.Fit fit, LinearAxis x, LinearAxis y, double maxBlocks) {
        if (!Double.isFinite(fit.slope())) {
            return;
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        // from where the line leaves the axes' corner to where it leaves the panel
        double start = fit.intercept() < 0 && fit.slope() > 0 ? -fit.intercept() / fit.slope() : 0;
        double end = Math.min(maxBlocks, fit.slope() > 0 ? (y.max() - fit.intercept()) / fit.slope() : maxBlocks);
        g.draw(new Line2D.Double(x.pixel(start), y.pixel(fit.intercept() + fit.slope() * start), x.pixel(end),
                y.pixel(fit.intercept() + fit.slope() * end)));
        g.setStroke(new BasicStroke(1f));
        g.setFont(SMALL_FONT);
        g.drawString(String.format(Locale.ROOT, "fit: %.2f µs/block, R² = %.4f", fit.slope() * 1e6, fit.r2()),
                x.pixel(0) + 8, y.pixel(y.max()) + 14);
    }

    private static void linearAxes(Graphics2D g, Frame f, LinearAxis x, LinearAxis y) {
        g.setFont(SMALL_FONT);
        for (double v : y.ticks()) {
            int py = y.pixel(v);
            gridLine(g, f.plotLeft(), py, f.plotRight(), py);
            g.drawString(BenchMarkdown.seconds(v), f.x(), py + 4);
        }
        for (double v : x.ticks()) {
            int px = x.pixel(v);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.0fk", v / 1000), px - 10, f.plotBottom() + 16);
        }
        g.drawString("blocks", f.plotRight() - 40, f.plotBottom() + 32);
        g.drawLine(f.plotLeft(), f.plotBottom(), f.plotRight(), f.plotBottom());
        g.drawLine(f.plotLeft(), f.plotTop(), f.plotLeft(), f.plotBottom());
    }

    static void gridLine(Graphics2D g, int x1, int y1, int x2, int y2) {
        g.setColor(new Color(0xdddddd));
        g.drawLine(x1, y1, x2, y2);
        g.setColor(Color.BLACK);
    }

    /** One row per scope, as the panels group the bars, and what the methods are. */
    private static void legend(Graphics2D g, int width, int height) {
        g.setFont(LABEL_FONT);
        FontMetrics fm = g.getFontMetrics();
        int y = height - LEGEND + 34;
        for (Scope scope : List.of(Scope.ALL, Scope.FS)) {
            g.setColor(Color.BLACK);
            g.drawString(scope.label() + ":", MARGIN, y);
            int x = MARGIN + 90;
            for (Method m : ORDER) {
                if (m.scope() == scope) {
                    if (x + 20 + fm.stringWidth(m.label()) > width - MARGIN) { // on to a second line
                        x = MARGIN + 90;
                        y += 22;
                    }
                    g.setColor(COLORS.get(m));
                    g.fillRect(x, y - 12, 14, 14);
                    g.setColor(Color.BLACK);
                    g.drawString(m.label(), x + 20, y);
                    x += 20 + fm.stringWidth(m.label()) + 30;
                }
            }
            y += 22;
        }
        g.setFont(SMALL_FONT);
        g.drawString("limit: 1 MiB reads of all metadata block groups, devices in parallel (one copy: each once, "
                + "split across its mirrors) · reada: block groups streamed where the trees hold 30 % of them, else "
                + "reads of up to 1 MiB coalesced; "
                + "in the background (idle I/O, nice 10) · naive: one read at a time (--direct: O_DIRECT) · "
                + "dump-tree, check: btrfs-progs", MARGIN, y);
    }

    /** Seconds on a log10 scale from the decade below the smallest value to the one above the largest. */
    record LogAxis(double low, double high, int bottom, int top) {

        static LogAxis over(double min, double max, int bottom, int top) {
            // strictly below the smallest value, so that even the shortest bar shows; room above the
            // largest for its label
            return new LogAxis(niceBelow(Math.max(min, 1e-3) / 1.5), niceAbove(max * 1.3), bottom, top);
        }

        /** The largest 1, 2 or 5 times a power of ten at most {@code v}. */
        static double niceBelow(double v) {
            double decade = Math.pow(10, Math.floor(Math.log10(v)));
            return v >= 5 * decade ? 5 * decade : v >= 2 * decade ? 2 * decade : decade;
        }

        /** The smallest 1, 2 or 5 times a power of ten at least {@code v}. */
        static double niceAbove(double v) {
            double decade = Math.pow(10, Math.floor(Math.log10(v)));
            return v <= decade ? decade : v <= 2 * decade ? 2 * decade : v <= 5 * decade ? 5 * decade : 10 * decade;
        }

        int pixel(double value) {
            double t = (Math.log10(Math.max(value, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
            return (int) Math.round(bottom - t * (bottom - top));
        }

        void draw(Graphics2D g, Frame f) {
            g.setFont(SMALL_FONT);
            for (double decade = Math.pow(10, Math.floor(Math.log10(low))); decade <= high * 1.0001; decade *= 10) {
                for (int k : new int[] {1, 2, 5}) {
                    double v = decade * k;
                    if (v < low * 0.9999 || v > high * 1.0001) {
                        continue;
                    }
                    int y = pixel(v);
                    gridLine(g, f.plotLeft(), y, f.plotRight(), y);
                    g.drawString(BenchMarkdown.seconds(v) + " s", f.x(), y + 4);
                }
            }
            g.drawLine(f.plotLeft(), f.plotBottom(), f.plotRight(), f.plotBottom());
        }
    }

    /** 0 to {@code max} mapped onto pixels {@code from}..{@code to}, with round ticks. */
    record LinearAxis(double max, int from, int to) {

        int pixel(double value) {
            return (int) Math.round(from + (to - from) * value / max);
        }

        List<Double> ticks() {
            double raw = max / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / magnitude < 2 ? 2 * magnitude : raw / magnitude < 5 ? 5 * magnitude : 10 * magnitude;
            List<Double> ticks = new ArrayList<>();
            for (double v = 0; v <= max; v += step) {
                ticks.add(v);
            }
            return ticks;
        }
    }
}
