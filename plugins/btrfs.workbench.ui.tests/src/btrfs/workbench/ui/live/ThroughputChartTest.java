package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import btrfs.workbench.snapshot.DiagnosticSnapshot.Sample;

/** The chart's rates are taken over half a second, so reads completing in bursts draw a level line. */
class ThroughputChartTest {

    @Test
    void burstsEvery100msSampledEvery50msGiveASteadyRate() {
        List<Sample> points = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i <= 40; i++) {
            if (i % 2 == 0) {
                bytes += 100_000; // a burst every 100 ms: 1 MB/s
            }
            points.add(new Sample(i * 50_000_000L, bytes));
        }
        double[] rates = ThroughputChart.rates(points);
        for (int i = 12; i < rates.length; i++) {
            assertEquals(1_000_000, rates[i], 100_000, "sample " + i);
        }
    }
}
