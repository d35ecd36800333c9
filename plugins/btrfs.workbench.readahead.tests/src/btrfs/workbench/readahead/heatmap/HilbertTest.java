package btrfs.workbench.readahead.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import btrfs.workbench.readahead.heatmap.Hilbert.Point;

class HilbertTest {

    @ParameterizedTest(name = "order {0}")
    @ValueSource(ints = { 1, 2, 3, 4, 5, 6, 7, 8 })
    void everyPointOnceEachStepToANeighbourAndIndexInvertsPoint(int order) {
        int side = Hilbert.side(order);
        boolean[][] seen = new boolean[side][side];
        Point previous = null;
        for (long d = 0; d < Hilbert.cells(order); d++) {
            Point p = Hilbert.point(order, d);
            assertTrue(p.x() >= 0 && p.x() < side && p.y() >= 0 && p.y() < side, d + " -> " + p);
            assertTrue(!seen[p.x()][p.y()], p + " visited twice");
            seen[p.x()][p.y()] = true;
            assertEquals(d, Hilbert.index(order, p.x(), p.y()), p.toString());
            if (previous != null) {
                int step = Math.abs(p.x() - previous.x()) + Math.abs(p.y() - previous.y());
                assertEquals(1, step, "from " + previous + " to " + p + " at " + d);
            }
            previous = p;
        }
        for (int x = 0; x < side; x++) {
            for (int y = 0; y < side; y++) {
                assertEquals(new Point(x, y), Hilbert.point(order, Hilbert.index(order, x, y)));
            }
        }
    }

    @ParameterizedTest(name = "order {0}")
    @ValueSource(ints = { 1, 2, 5, 8, 16, 30 })
    void startsTopLeftAndEndsTopRight(int order) {
        int side = Hilbert.side(order);
        assertEquals(new Point(0, 0), Hilbert.point(order, 0));
        assertEquals(new Point(side - 1, 0), Hilbert.point(order, Hilbert.cells(order) - 1));
        assertEquals(Hilbert.cells(order) - 1, Hilbert.index(order, side - 1, 0));
    }

    @Test
    void theFirstOrderIsAU() {
        assertEquals(new Point(0, 0), Hilbert.point(1, 0));
        assertEquals(new Point(0, 1), Hilbert.point(1, 1));
        assertEquals(new Point(1, 1), Hilbert.point(1, 2));
        assertEquals(new Point(1, 0), Hilbert.point(1, 3));
    }

    @Test
    void eachQuarterOfTheCurveFillsOneQuadrant() {
        int order = 6;
        int half = Hilbert.side(order) / 2;
        long quarter = Hilbert.cells(order) / 4;
        int[][] quadrants = { { 0, 0 }, { 0, 1 }, { 1, 1 }, { 1, 0 } };
        for (long d = 0; d < Hilbert.cells(order); d++) {
            Point p = Hilbert.point(order, d);
            int[] q = quadrants[(int) (d / quarter)];
            assertEquals(q[0], p.x() / half, d + " -> " + p);
            assertEquals(q[1], p.y() / half, d + " -> " + p);
        }
    }

    @Test
    void orderIsTheSmallestSquareHoldingTheCells() {
        assertEquals(0, Hilbert.order(0));
        assertEquals(0, Hilbert.order(1));
        assertEquals(1, Hilbert.order(2));
        assertEquals(1, Hilbert.order(4));
        assertEquals(2, Hilbert.order(5));
        assertEquals(8, Hilbert.order(65536));
        assertEquals(9, Hilbert.order(65537));
        assertEquals(16, Hilbert.order(Integer.MAX_VALUE));
        for (int cells = 1; cells < 5000; cells++) {
            int order = Hilbert.order(cells);
            assertTrue(Hilbert.cells(order) >= cells);
            assertTrue(order == 0 || Hilbert.cells(order - 1) < cells);
        }
    }

    @Test
    void orderZeroIsOnePoint() {
        assertEquals(1, Hilbert.side(0));
        assertEquals(new Point(0, 0), Hilbert.point(0, 0));
        assertEquals(0, Hilbert.index(0, 0, 0));
    }

    @Test
    void rejectsPointsOutsideTheSquare() {
        assertThrows(IndexOutOfBoundsException.class, () -> Hilbert.point(2, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> Hilbert.point(2, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> Hilbert.index(2, 4, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Hilbert.index(2, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> Hilbert.side(Hilbert.MAX_ORDER + 1));
        assertThrows(IllegalArgumentException.class, () -> Hilbert.order(-1));
    }

    @Test
    void rowMajorFillsRowsLeftToRight() {
        assertEquals(new Point(0, 0), Hilbert.rowMajor(10, 0));
        assertEquals(new Point(9, 0), Hilbert.rowMajor(10, 9));
        assertEquals(new Point(0, 1), Hilbert.rowMajor(10, 10));
        assertEquals(new Point(3, 7), Hilbert.rowMajor(10, 73));
        assertThrows(IllegalArgumentException.class, () -> Hilbert.rowMajor(0, 1));
    }
}
