package btrfs.workbench.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertEquals(2.0, Stats.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(5.0, Stats.median(List.of(100.0, 5.0, 4.0, 6.0, 0.1)));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 3.0, 2.0)));
    }

    @Test
    void noValuesHaveNoMedian() {
        assertTrue(Double.isNaN(Stats.median(List.of())));
    }

    @Test
    void pointsOnALineFitItExactly() {
        Stats.Fit fit = Stats.fit(new double[] {1000, 3000, 9000}, new double[] {0.3, 0.7, 1.9});
        assertEquals(0.1, fit.intercept(), 1e-12);
        assertEquals(0.0002, fit.slope(), 1e-15);
        assertEquals(1.0, fit.r2(), 1e-12);
    }

    @Test
    void scatteredPointsFitWorse() {
        Stats.Fit fit = Stats.fit(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4});
        assertEquals(0.8, fit.slope(), 1e-12);
        assertEquals(0.64, fit.r2(), 1e-12);
    }

    @Test
    void oneDistinctXHasNoLine() {
        assertTrue(Double.isNaN(Stats.fit(new double[] {5, 5}, new double[] {1, 2}).slope()));
        assertThrows(IllegalArgumentException.class, () -> Stats.fit(new double[] {1}, new double[] {1, 2}));
    }
}
