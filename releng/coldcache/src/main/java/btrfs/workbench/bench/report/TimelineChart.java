package btrfs.workbench.bench.report;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A {@link Timeline} as a PNG: one lane per device, every read a bar from its submission to its
 * completion (several in flight overlap and darken), leaves, nodes and the zone stream's reads in
 * their own colours, and the device's throughput over time as a line. A lane's white stretches are
 * the device idle.
 */
public final class TimelineChart {

    public static final int WIDTH = 1600;
    static final int LANE = 90;
    static final Color LEAF = new Color(0x1f77b4);
    static final Color NODE = new Color(0xff7f0e);
    static final Color STREAM = new Color(0x2ca25f);
    private static final int LEFT = 190;
    private static final int RIGHT = 24;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    /** Time buckets of the throughput line. */
    private static final int BUCKETS = 200;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private TimelineChart() {
    }

    public static void write(Timeline timeline, Path png) throws IOException {
        Png.write(render(timeline), png);
    }

    public static int height(Timeline timeline) {
        return TOP + Math.max(1, timeline.lanes().size()) * LANE + BOTTOM;
    }

    public static BufferedImage render(Timeline timeline) {
        BufferedImage image = new BufferedImage(WIDTH, height(timeline), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Png.canvas(image);
        try {
            double span = Math.max(timeline.readSeconds(), 1e-3);
            g.setColor(Color.BLACK);
            g.setFont(TITLE);
            g.drawString(String.format(Locale.ROOT, "%s · %s · %.3f s (reads: %.3f s after the filesystem was "
                    + "opened)", timeline.array(), timeline.method(), timeline.seconds(), span), LEFT, 32);
            for (int i = 0; i < timeline.lanes().size(); i++) {
                lane(g, timeline.lanes().get(i), TOP + i * LANE, span);
            }
            axis(g, TOP + timeline.lanes().size() * LANE, span);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static int x(double seconds, double span) {
        return LEFT + (int) Math.round(seconds / span * (WIDTH - LEFT - RIGHT));
    }

    private static void lane(Graphics2D g, Timeline.Lane lane, int top, double span) {
        int height = LANE - 14;
        g.setColor(new Color(0xf4f4f4));
        g.drawRect(LEFT, top, WIDTH - LEFT - RIGHT, height);
        Composite plain = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
        for (Timeline.Read r : lane.reads()) {
            g.setColor(r.streamed() ? STREAM : r.level() > 0 ? NODE : LEAF);
            int from = x(r.start(), span);
            g.fillRect(from, top + 1, Math.max(1, x(r.end(), span) - from), height - 1);
        }
        g.setComposite(plain);
        throughput(g, lane, top, height, span);
        g.setColor(Color.BLACK);
        g.setFont(LABEL);
        g.drawString("devid " + Long.toUnsignedString(lane.devid()), 12, top + 22);
        g.drawString(String.format(Locale.ROOT, "%.1f MB, %d reads", lane.bytes() / 1e6, lane.reads().size()), 12,
                top + 40);
        g.drawString(String.format(Locale.ROOT, "busy %.0f %%", 100 * lane.busySeconds() / span), 12, top + 58);
    }

    /** MB/s per time bucket, a read's bytes spread evenly over its time in flight. */
    private static void throughput(Graphics2D g, Timeline.Lane lane, int top, int height, double span) {
        double[] bytes = new double[BUCKETS];
        double bucket = span / BUCKETS;
        for (Timeline.Read r : lane.reads()) {
            double length = Math.max(r.end() - r.start(), 1e-9);
            int first = Math.min(BUCKETS - 1, (int) (r.start() / bucket));
            int last = Math.min(BUCKETS - 1, (int) (r.end() / bucket));
            for (int b = first; b <= last; b++) {
                double overlap = Math.min(r.end(), (b + 1) * bucket) - Math.max(r.start(), b * bucket);
                bytes[b] += r.bytes() * Math.max(0, overlap) / length;
            }
        }
        double max = 1;
        for (double v : bytes) {
            max = Math.max(max, v);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        int prevX = -1;
        int prevY = -1;
        for (int b = 0; b < BUCKETS; b++) {
            int px = x((b + 0.5) * bucket, span);
            int py = top + height - (int) Math.round(bytes[b] / max * (height - 4));
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, px, py);
            }
            prevX = px;
            prevY = py;
        }
        g.setFont(LABEL);
        g.drawString(String.format(Locale.ROOT, "peak %.0f MB/s", max / bucket / 1e6), WIDTH - RIGHT - 120, top + 14);
    }

    private static void axis(Graphics2D g, int top, double span) {
        g.setColor(Color.BLACK);
        g.setFont(LABEL);
        g.drawLine(LEFT, top, WIDTH - RIGHT, top);
        for (int i = 0; i <= 10; i++) {
            double s = span * i / 10;
            int px = x(s, span);
            g.drawLine(px, top, px, top + 5);
            g.drawString(String.format(Locale.ROOT, "%.3f s", s), px - 20, top + 20);
        }
        int y = top + 46;
        g.setColor(LEAF);
        g.fillRect(LEFT, y - 11, 14, 12);
        g.setColor(NODE);
        g.fillRect(LEFT + 160, y - 11, 14, 12);
        g.setColor(STREAM);
        g.fillRect(LEFT + 320, y - 11, 14, 12);
        g.setColor(Color.BLACK);
        g.drawString("reads of leaves", LEFT + 20, y);
        g.drawString("reads with nodes", LEFT + 180, y);
        g.drawString("zone stream reads", LEFT + 340, y);
        g.drawString("line: the device's throughput (bytes of its reads spread over their time in flight)",
                LEFT + 520, y);
    }
}
