package btrfs.workbench.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A device's busy stretch is drawn, its idle stretch left white. */
class TimelineChartTest {

    @Test
    void busyIsColouredAndIdleIsWhite() {
        Timeline t = new Timeline("a", "reada-fs", 1.2, List.of(
                new Timeline.Lane(1, List.of(new Timeline.Read(0, 0.5, 1 << 20, 0))),
                new Timeline.Lane(2, List.of(new Timeline.Read(0.5, 1.0, 1 << 20, 1)))));
        BufferedImage image = TimelineChart.render(t);
        assertEquals(TimelineChart.height(t), image.getHeight());
        int lane1 = 60 + TimelineChart.LANE / 3;
        int lane2 = 60 + TimelineChart.LANE + TimelineChart.LANE / 3;
        int early = xAt(image, 0.25);
        int late = xAt(image, 0.75);
        assertNotEquals(0xffffff, image.getRGB(early, lane1) & 0xffffff, "device 1 reads early");
        assertEquals(0xffffff, image.getRGB(late, lane1) & 0xffffff, "device 1 idle late");
        assertEquals(0xffffff, image.getRGB(early, lane2) & 0xffffff, "device 2 idle early");
        assertNotEquals(0xffffff, image.getRGB(late, lane2) & 0xffffff, "device 2 reads late");
    }

    /** The x of {@code fraction} of the time axis. */
    private static int xAt(BufferedImage image, double fraction) {
        return 190 + (int) Math.round(fraction * (TimelineChart.WIDTH - 190 - 24));
    }

    @Test
    void theFileNameSaysArrayAndMethod() {
        assertEquals("timeline-raid1-4dev-buffered-reada-all.png",
                new Timeline("raid1-4dev/buffered", "reada-all", 1, List.of()).fileName());
    }
}
