package btrfs.workbench.bench.report;

import java.util.List;

/** The little statistics the benchmark needs. */
public final class Stats {

    private Stats() {
    }

    /** The median; the mean of the middle two for an even count; NaN for none. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * Least-squares line {@code y = intercept + slope * x}.
     *
     * @param r2 coefficient of determination: 1 when every point lies on the line
     */
    public record Fit(double intercept, double slope, double r2) {
    }

    /** The line through the points; NaNs for fewer than two distinct x. */
    public static Fit fit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x but " + y.length + " y");
        }
        int n = x.length;
        double mx = mean(x);
        double my = mean(y);
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (n < 2 || sxx == 0) {
            return new Fit(Double.NaN, Double.NaN, Double.NaN);
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new Fit(my - slope * mx, slope, r2);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
