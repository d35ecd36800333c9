package btrfs.workbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.bench.measure.Sample;
import btrfs.workbench.bench.report.Timeline;
import btrfs.workbench.bench.system.BlockCounters;

/** What a probe prints per sample and per method (the sampling itself needs root and loop devices). */
class ProbeRunnerTest {

    @Test
    void aSampleLineSaysEveryDevicesReadsAndEveryDisksRequests() {
        Sample sample = new Sample(0.3125, 10, 3_000_000, null, List.of(new Timeline.Lane(1,
                List.of(new Timeline.Read(0.01, 0.2, 1_000_000, -1), new Timeline.Read(0.1, 0.3, 2_000_000, -1)))));
        ProbeRunner.Context context = new ProbeRunner.Context(0.5, 3, 0,
                Map.of("vda", new BlockCounters(855, 12, 1476608)));
        assertEquals("round 2/5  reada-all                          0.313 s  cpu 0.50 s  jit 3 ms  gc 0 ms"
                + "  [devid 1: 3 MB in 2 reads, 0.010-0.300 s, busy 0.290 s]"
                + "  [vda: 756 MB in 855 requests, 12 merged]",
                ProbeRunner.line(1, 5, Method.READA_ALL, sample, context));
    }

    @Test
    void aFailedSampleSaysWhy() {
        Sample failed = new Sample(1.5, -1, -1, "read failed: boom");
        assertEquals("round 1/1  limit-one-copy-all                 1.500 s  cpu 0.10 s  jit 0 ms  gc 0 ms"
                + "  FAILED: read failed: boom", ProbeRunner.line(0, 1, Method.LIMIT_ONE_COPY, failed,
                        new ProbeRunner.Context(0.1, 0, 0, Map.of())));
    }

    @Test
    void theSummaryIsTheMedianAndTheRange() {
        assertEquals("median  reada-fs                           0.250 s  (0.200-0.400 over 3)  cpu 0.20 s",
                ProbeRunner.median(Method.READA_FS, List.of(0.4, 0.2, 0.25), List.of(0.1, 0.2, 0.3)));
    }
}
