package btrfs.workbench.ui.live;

import java.util.List;
import java.util.Map;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.session.run.RunFrame;
import btrfs.workbench.snapshot.DiagnosticSnapshot.Sample;
import btrfs.workbench.ui.l10n.Messages;

/** Read throughput over time, one line per device, of one run: bytes per second over the last half second. */
final class ThroughputChart {

    private static final RGB[] LINES = { new RGB(31, 119, 180), new RGB(255, 127, 14), new RGB(44, 160, 44),
            new RGB(214, 39, 40), new RGB(148, 103, 189), new RGB(140, 86, 75), new RGB(227, 119, 194),
            new RGB(127, 127, 127) };
    private static final int MARGIN = 40;
    private static final long WINDOW_NANOS = 500_000_000L;

    private final Canvas canvas;
    private RunFrame frame;

    ThroughputChart(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.addPaintListener(e -> paint(e.gc, canvas.getClientArea()));
    }

    void show(RunFrame newFrame) {
        frame = newFrame;
        canvas.redraw();
    }

    private void paint(GC gc, Rectangle area) {
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        if (frame == null) {
            gc.drawText(Messages.Common_noRun, 10, 10, true);
            return;
        }
        Map<Long, List<Sample>> series = frame.throughput();
        long tMax = 1;
        double rateMax = 1;
        for (List<Sample> points : series.values()) {
            double[] rates = rates(points);
            for (int i = 1; i < points.size(); i++) {
                tMax = Math.max(tMax, points.get(i).t());
                rateMax = Math.max(rateMax, rates[i]);
            }
        }
        int left = area.x + MARGIN + 30;
        int bottom = area.y + area.height - MARGIN / 2 - 4;
        int width = Math.max(1, area.width - left - 10);
        int height = Math.max(1, bottom - area.y - 24);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        gc.drawLine(left, bottom, left + width, bottom);
        gc.drawLine(left, bottom, left, bottom - height);
        String rate = NLS.bind(Messages.Common_perSecond, PrettySize.format((long) rateMax));
        gc.drawText(rate, area.x + 2, bottom - height - 8, true);
        String time = NLS.bind(Messages.Common_seconds, String.format("%.1f", tMax / 1e9));
        gc.drawText(time, left + width - 40, bottom + 2, true);
        int legend = left + 8;
        int colour = 0;
        for (DeviceSnapshot device : frame.engine().devices()) {
            List<Sample> points = series.getOrDefault(device.devid(), List.of());
            gc.setForeground(Palette.color(canvas.getDisplay(), LINES[colour++ % LINES.length]));
            gc.setLineWidth(2);
            gc.drawPolyline(polyline(points, tMax, rateMax, left, width, bottom, height));
            gc.setLineWidth(1);
            String label = NLS.bind(Messages.Common_devid, Long.toUnsignedString(device.devid()));
            gc.drawText(label, legend, area.y + 4, true);
            legend += gc.textExtent(label).x + 16;
        }
    }

    /**
     * The rate line of one device as one polyline (one stroke, not one per sample: a long run has
     * thousands of samples), at most one point per pixel column: the highest rate in it.
     */
    static int[] polyline(List<Sample> points, long tMax, double rateMax, int left, int width, int bottom,
            int height) {
        int[] xy = new int[2 * Math.max(0, points.size() - 1)];
        double[] rates = rates(points);
        int n = 0;
        for (int i = 1; i < points.size(); i++) {
            int px = x(points.get(i).t(), tMax, left, width);
            int py = y(rates[i], rateMax, bottom, height);
            if (n > 0 && xy[n - 2] == px) {
                xy[n - 1] = Math.min(xy[n - 1], py); // same column: keep the highest rate (smallest y)
            } else {
                xy[n++] = px;
                xy[n++] = py;
            }
        }
        return java.util.Arrays.copyOf(xy, n);
    }

    /**
     * The rate at each sample over the window of at least {@link #WINDOW_NANOS} before it (or
     * since the first sample): reads complete in bursts (a paced device every read's latency), so
     * a rate between two samples 50 ms apart swings between nothing and double.
     */
    static double[] rates(List<Sample> points) {
        double[] rates = new double[points.size()];
        int from = 0;
        for (int i = 1; i < points.size(); i++) {
            while (from + 1 < i && points.get(i).t() - points.get(from + 1).t() >= WINDOW_NANOS) {
                from++;
            }
            Sample a = points.get(from);
            Sample b = points.get(i);
            long dt = b.t() - a.t();
            rates[i] = dt <= 0 ? 0 : (b.bytes() - a.bytes()) * 1e9 / dt;
        }
        return rates;
    }

    private static int x(long t, long tMax, int left, int width) {
        return left + (int) (t * (double) width / tMax);
    }

    private static int y(double rate, double rateMax, int bottom, int height) {
        return bottom - (int) (rate / rateMax * height);
    }
}
