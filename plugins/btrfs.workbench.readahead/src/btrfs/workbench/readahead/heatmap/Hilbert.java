package btrfs.workbench.readahead.heatmap;

/**
 * The Hilbert-curve layout of a heatmap, as btrfs-heatmap draws devices: cell {@code d} of a
 * device goes to point {@code point(order, d)} of a square of side {@code 2^order}. The curve
 * visits every point once and each step moves to a neighbouring point, so bytes that are close
 * on the device stay close in the picture, and a block group shows as a compact blob instead of
 * a stripe wrapping around rows. The curve starts at (0, 0) and ends at (side - 1, 0); x grows
 * to the right, y downwards.
 * <p>
 * Built recursively: the square of order n is four squares of order n - 1 visited in a U —
 * top-left, bottom-left, bottom-right, top-right; in the first and the last one the smaller curve
 * is mirrored along a diagonal, so that the four pieces join end to start.
 */
public final class Hilbert {

    /** Largest order: side 2^30 still fits an int, 4^30 cells a long. */
    public static final int MAX_ORDER = 30;

    /** A point of the square: column {@code x}, row {@code y}. */
    public record Point(int x, int y) {
    }

    private Hilbert() {
    }

    /** The smallest order whose square holds {@code cellCount} cells (4^order &ge; cellCount). */
    public static int order(long cellCount) {
        if (cellCount < 0) {
            throw new IllegalArgumentException("cell count " + cellCount);
        }
        int order = 0;
        while (cells(order) < cellCount) {
            order++;
        }
        return order;
    }

    /** Points on a side of the square of {@code order}: 2^order. */
    public static int side(int order) {
        checkOrder(order);
        return 1 << order;
    }

    /** Points in the square of {@code order}: 4^order. */
    public static long cells(int order) {
        checkOrder(order);
        return 1L << (2 * order);
    }

    /**
     * Where the curve of {@code order} is after {@code d} steps. From the smallest squares up:
     * the two low bits of what is left of {@code d} pick the quadrant in the current square, the
     * point found so far is mirrored to fit that quadrant's orientation, then moved into it.
     */
    public static Point point(int order, long d) {
        if (d < 0 || d >= cells(order)) {
            throw new IndexOutOfBoundsException("step " + d + " of a curve of order " + order);
        }
        int side = side(order);
        int x = 0;
        int y = 0;
        long rest = d;
        for (int s = 1; s < side; s <<= 1, rest >>>= 2) {
            int quadrant = (int) (rest & 3);
            int right = quadrant >> 1; // quadrants 2 and 3 lie right
            int low = (quadrant ^ right) & 1; // quadrants 1 and 2 lie below
            if (low == 0) { // first and last quadrant: mirrored
                Point turned = turn(s, x, y, right);
                x = turned.x();
                y = turned.y();
            }
            x += s * right;
            y += s * low;
        }
        return new Point(x, y);
    }

    /** The step at which the curve of {@code order} visits {@code (x, y)}: the inverse of {@link #point}. */
    public static long index(int order, int x, int y) {
        int side = side(order);
        if (x < 0 || y < 0 || x >= side || y >= side) {
            throw new IndexOutOfBoundsException("(" + x + ", " + y + ") outside a square of side " + side);
        }
        long d = 0;
        for (int s = side >> 1; s > 0; s >>= 1) {
            int right = (x & s) != 0 ? 1 : 0;
            int low = (y & s) != 0 ? 1 : 0;
            d += (long) s * s * ((3 * right) ^ low);
            x &= s - 1; // within the quadrant now
            y &= s - 1;
            if (low == 0) { // undo the quadrant's mirroring (turning is its own inverse)
                Point turned = turn(s, x, y, right);
                x = turned.x();
                y = turned.y();
            }
        }
        return d;
    }

    /**
     * The turn of the first and last quadrant of a square of side {@code s}: flipped across the
     * anti-diagonal for the last ({@code right == 1}), then transposed.
     */
    private static Point turn(int s, int x, int y, int right) {
        if (right == 1) {
            x = s - 1 - x;
            y = s - 1 - y;
        }
        return new Point(y, x);
    }

    /**
     * The plain alternative: cell {@code d} in rows of {@code width}, left to right and top to
     * bottom, as a linear heatmap draws a device.
     */
    public static Point rowMajor(int width, long d) {
        if (width <= 0 || d < 0 || d / width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cell " + d + " in rows of " + width);
        }
        return new Point((int) (d % width), (int) (d / width));
    }

    private static void checkOrder(int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order " + order + " outside 0.." + MAX_ORDER);
        }
    }
}
