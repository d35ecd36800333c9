package btrfs.workbench.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import btrfs.workbench.bench.measure.Method;

/** Medians, rates and ratios of one array, computed from runs with known medians. */
class BenchTableTest {

    private final ArrayResult raid1 = Fixtures.passing().arrays().get(0);

    @Test
    void ratiosDivideTheMediansOfTheNamedMethods() {
        assertEquals(1.2, raid1.ratio(Ratio.READA_FLOOR_ALL).orElseThrow(), 1e-12);
        assertEquals(0.5, raid1.ratio(Ratio.READA_FLOOR_FS).orElseThrow(), 1e-12);
        assertEquals(0.6, raid1.ratio(Ratio.READA_LIMIT).orElseThrow(), 1e-12);
        assertEquals(4.0, raid1.ratio(Ratio.NAIVE_READA).orElseThrow(), 1e-12);
        assertEquals(4.0, raid1.ratio(Ratio.NAIVE_CACHED_READA).orElseThrow(), 1e-12);
        assertEquals(6.0, raid1.ratio(Ratio.DUMP_TREE_READA).orElseThrow(), 1e-12);
        assertEquals(12.5, raid1.ratio(Ratio.CHECK_READA).orElseThrow(), 1e-12);
        assertEquals(1.5, raid1.ratio(Ratio.DIRECT_READA).orElseThrow(), 1e-12);
        assertEquals(2.0, raid1.ratio(Ratio.UNCOALESCED_READA).orElseThrow(), 1e-12);
        assertEquals(1.5, raid1.ratio(Ratio.BACK_TO_BACK_READA).orElseThrow(), 1e-12);
    }

    @Test
    void ratesAreOverTheMedianRun() {
        MethodResult readaFs = raid1.method(Method.READA_FS).orElseThrow();
        assertEquals(1000 * 16384 / 1e6, readaFs.megabytesPerSecond(), 1e-9);
        assertEquals(1000, readaFs.blocksPerSecond(), 1e-9);
        MethodResult limit = raid1.method(Method.LIMIT).orElseThrow();
        assertEquals((128 << 20) / 1e6 / 4.0, limit.megabytesPerSecond(), 1e-9);
    }

    @Test
    void eachMethodIsComparedWithTheReadaheadOfItsScope() {
        assertEquals(4.0, raid1.versusReada(raid1.method(Method.NAIVE_FS).orElseThrow()).orElseThrow(), 1e-12);
        assertEquals(4.0 / 2.4, raid1.versusReada(raid1.method(Method.LIMIT).orElseThrow()).orElseThrow(), 1e-12);
        assertEquals(1.0, raid1.versusReada(raid1.method(Method.READA_ALL).orElseThrow()).orElseThrow(), 1e-12);
    }

    @Test
    void aMethodWithoutRunsHasNoRatio() {
        ArrayResult partial = new ArrayResult(raid1.facts(), List.of(Fixtures.result(Method.READA_FS, 1000, 1, 1.0),
                new MethodResult(Method.NAIVE_FS, List.of(), 1000, 1, List.of("exit 1"))));
        assertEquals(Optional.empty(), partial.ratio(Ratio.NAIVE_READA));
        assertEquals(Optional.empty(), partial.ratio(Ratio.READA_FLOOR_FS));
        assertTrue(Fixtures.result(List.of(partial), List.of()).hasErrors());
    }

    @Test
    void boundsPassOnTheirSide() {
        assertTrue(Ratio.READA_FLOOR_ALL.passes(1.3).orElseThrow());
        assertFalse(Ratio.READA_FLOOR_ALL.passes(1.31).orElseThrow());
        assertTrue(Ratio.READA_FLOOR_FS.passes(1.5).orElseThrow());
        assertFalse(Ratio.READA_FLOOR_FS.passes(1.51).orElseThrow());
        assertTrue(Ratio.NAIVE_READA.passes(3).orElseThrow());
        assertFalse(Ratio.NAIVE_READA.passes(2.99).orElseThrow());
        assertFalse(Ratio.NAIVE_CACHED_READA.passes(2.99).orElseThrow());
        assertFalse(Ratio.DUMP_TREE_READA.passes(4.9).orElseThrow());
        assertFalse(Ratio.CHECK_READA.passes(6.9).orElseThrow());
        assertTrue(Ratio.CHECK_READA.passes(7).orElseThrow());
        assertEquals(Optional.empty(), Ratio.READA_LIMIT.passes(100));
        assertFalse(Fixtures.passing().hasErrors());
    }

    @Test
    void theScalingFitIsOverTheMedians() {
        Stats.Fit fit = Fixtures.passing().scalingFit();
        assertEquals(200e-6, fit.slope(), 1e-12);
        assertEquals(1.0, fit.r2(), 1e-9);
    }
}
