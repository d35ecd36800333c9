package btrfs.workbench.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BenchMarkdownTest {

    @Test
    void everyMeasuredMethodIsARowWithItsFigures() {
        String md = BenchMarkdown.render(Fixtures.passing());
        assertTrue(md.contains("| raid1-4dev | naive | fs tree | 4.00 | 4.40 4.00 3.80 | 4 | 250 | 4.00 | 2.00 |"), md);
        assertTrue(md.contains("| raid1-4dev | limit | all trees | 4.00 | 4.40 4.00 3.80 | 34 | 1000 | 1.67 | 2.00 |"),
                md);
        assertTrue(md.contains("| raid1-4dev | limit one copy | all trees | 2.00 | 2.20 2.00 1.90 | 34 | 2000 | 0.83 "
                + "| 1.00 |"), md);
        assertTrue(md.contains("| raid1-4dev | reada | fs tree | 1.00 | 1.10 1.00 0.950 | 16 | 1000 | 1.00 | 0.50 |"), md);
        assertEquals(24, md.lines().filter(l -> l.matches("\\| (raid1-4dev|dup-1dev) \\| [a-z].*")).count(),
                "12 methods on each of two arrays, plus nothing else starting like a method row");
    }

    @Test
    void theRatiosAndTheAcceptanceAreSpelledOut() {
        String md = BenchMarkdown.render(Fixtures.passing());
        assertTrue(md.contains("| raid1-4dev | 1.20 | 0.50 | 0.60 | 4.00 | 4.00 | 6.00 | 12.50 | 1.50 | 1.20 | – | – | – | – | – | – | – | – | 0.75 "
                + "| 1.50 | 2.00 | – | – |"), md);
        assertTrue(md.contains("naive / reada, O_DIRECT (fs tree) = 4.00 (≥ 3: met)"), md);
        assertTrue(md.contains("Acceptance on raid1-4dev: reada / floor, all trees (all trees) = 1.20 (≤ 1.3: met)"), md);
        assertTrue(md.contains("Acceptance on dup-1dev:"), md);
    }

    @Test
    void aMissedBoundIsMarked() {
        ArrayResult slow = Fixtures.array("raid1-4dev", 2.0, 1.0, 2.0, 1.0, 2.0, 1.5, 9.0, 1.0);
        String md = BenchMarkdown.render(Fixtures.result(List.of(slow), List.of()));
        assertTrue(md.contains("naive / reada, O_DIRECT (fs tree) = 2.00 (≥ 3: **not met**)"), md);
        assertTrue(md.contains("reada / floor, all trees (all trees) = 2.00 (≤ 1.3: **not met**)"), md);
    }

    @Test
    void theScalingSeriesHasItsFit() {
        String md = BenchMarkdown.render(Fixtures.passing());
        assertTrue(md.contains("| m | 3000 | 0.700 | 233.3 |"), md);
        assertTrue(md.contains("t = 0.100 s + 200.00 µs × blocks, R² = 1.0000"), md);
    }

    @Test
    void failedRunsAreListed() {
        ArrayResult failed = new ArrayResult(Fixtures.passing().arrays().get(0).facts(), List.of(
                new MethodResult(btrfs.workbench.bench.measure.Method.CHECK, List.of(), 1, 1, List.of("exit 1"))));
        String md = BenchMarkdown.render(Fixtures.result(List.of(failed), List.of()));
        assertTrue(md.contains("- failed run: raid1-4dev check-all: exit 1"), md);
    }
}
