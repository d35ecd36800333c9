package btrfs.workbench.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.bench.measure.Method;

class BenchChartTest {

    @TempDir
    Path dir;

    @Test
    void everyMeasuredMethodHasABarInItsColour() {
        BufferedImage image = BenchChart.render(Fixtures.passing());
        for (Method m : List.of(Method.LIMIT, Method.LIMIT_ONE_COPY, Method.READA_ALL, Method.UNCOALESCED_ALL, Method.CHECK, Method.READA_FS, Method.NAIVE_FS,
                Method.NAIVE_DIRECT_FS, Method.DUMP_TREE, Method.DIRECT_FS)) {
            // the legend has a swatch of every colour, so count bar-sized areas: over 400 pixels
            assertTrue(pixels(image, BenchChart.COLORS.get(m)) > 400, m + " has no bar");
        }
    }

    @Test
    void aSlowerMethodHasATallerBar() {
        ArrayResult a = Fixtures.array("raid1-4dev", 4.0, 2.0, 2.4, 1.0, 4.0, 6.0, 30.0, 1.5);
        BufferedImage image = BenchChart.render(Fixtures.result(List.of(a), List.of()));
        assertTrue(pixels(image, BenchChart.COLORS.get(Method.NAIVE_FS)) > pixels(image,
                BenchChart.COLORS.get(Method.READA_FS)));
    }

    @Test
    void theFileIsAPngOfTheChartsSize() throws IOException {
        Path png = dir.resolve("bench.png");
        BenchChart.write(Fixtures.passing(), png);
        BufferedImage read = ImageIO.read(png.toFile());
        assertEquals(BenchChart.width(Fixtures.passing()), read.getWidth());
        assertEquals(BenchChart.height(Fixtures.passing()), read.getHeight());
    }

    /**
     * Eight arrays (four, each in both loop modes) and the scaling series: rows of panels, each
     * drawn whole, nothing spilling into the gutter between two panels (one row of nine panels
     * made the titles run into each other).
     */
    @Test
    void manyArraysWrapIntoRowsOfPanelsThatDoNotOverlap() {
        List<ArrayResult> arrays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            arrays.add(Fixtures.array("raid1-4dev-dense/buffered-" + i, 4.0, 2.0, 2.4, 1.0, 4.0, 6.0, 30.0, 1.5));
        }
        BenchResult one = Fixtures.result(arrays.subList(0, 1), List.of());
        BenchResult eight = Fixtures.result(arrays, List.of());
        assertEquals(BenchChart.width(one), BenchChart.width(eight), "as wide whatever the count");
        BufferedImage image = BenchChart.render(eight);
        int swatch = 14 * 14;
        int bar = pixels(BenchChart.render(one), BenchChart.COLORS.get(Method.READA_FS)) - swatch;
        assertEquals(8 * bar, pixels(image, BenchChart.COLORS.get(Method.READA_FS)) - swatch, "every bar whole");
        for (int i = 0; i < 8; i++) {
            BenchChart.Frame f = BenchChart.cell(i);
            int gutterEnd = Math.min(image.getWidth(), f.x() + f.width() + 24);
            for (int x = f.x() + f.width(); x < gutterEnd; x++) {
                for (int y = f.y(); y < f.y() + f.height(); y++) {
                    assertEquals(Color.WHITE.getRGB(), image.getRGB(x, y), "panel " + i + " spills at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void aResultWithoutArraysStillDraws() {
        BufferedImage image = BenchChart.render(Fixtures.result(List.of(), List.of()));
        assertEquals(14 * 14, pixels(image, BenchChart.COLORS.get(Method.READA_FS)), "no bar, only the legend's swatch");
    }

    private static int pixels(BufferedImage image, Color color) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (color.getRGB() & 0xffffff)) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void theLogScaleEndsOnRoundValuesAroundTheBars() {
        assertEquals(0.5, BenchChart.LogAxis.niceBelow(0.7), 1e-12);
        assertEquals(2.0, BenchChart.LogAxis.niceBelow(2.0), 1e-12);
        assertEquals(0.01, BenchChart.LogAxis.niceBelow(0.019), 1e-12);
        assertEquals(50.0, BenchChart.LogAxis.niceAbove(22.75), 1e-12);
        assertEquals(10.0, BenchChart.LogAxis.niceAbove(10.0), 1e-12);
        assertEquals(2.0, BenchChart.LogAxis.niceAbove(1.01), 1e-12);
    }
}
