package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import btrfs.workbench.readahead.SimArray.Profile;

/** Test 3: with mirrored profiles and several zones, every mirror does its share of the reads. */
class MirrorSpreadTest {

    @ParameterizedTest(name = "{0} on {1} devices")
    @CsvSource({ "RAID1, 2", "RAID1, 3", "RAID1, 4", "RAID10, 4", "RAID10, 6", "RAID1C3, 3", "RAID1C3, 4" })
    void eachDeviceReadsAtLeastAFifthOfTheBlocksItHolds(Profile profile, int devices) throws Exception {
        SimArray a = new SimArray(devices * 100 + profile.ordinal(), profile, devices, 4, 1024, Harness.IO);
        SimArray.Tree t = a.addTree("fs", 3, 8, 12, 0, 0);
        Trace trace = new Trace();
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            engine.addListener(trace);
            ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree("fs", t.root(), t.rootGeneration()));
            rc.waitFor();
            Harness.assertClean(engine, a);
            assertEquals(t.blocks().size(), trace.submitted().size());
            Map<Long, Long> held = new HashMap<>();
            for (long logical : t.blocks()) {
                for (long d : a.holders(logical)) {
                    held.merge(d, 1L, Long::sum);
                }
            }
            Map<Long, Long> reads = trace.submitsPerDevice();
            StringBuilder report = new StringBuilder();
            for (long d = 1; d <= devices; d++) {
                report.append(" dev ").append(d).append(": ").append(reads.getOrDefault(d, 0L)).append('/')
                        .append(held.getOrDefault(d, 0L));
            }
            for (long d = 1; d <= devices; d++) {
                long h = held.getOrDefault(d, 0L);
                long r = reads.getOrDefault(d, 0L);
                assertTrue(h > 0, "device " + d + " holds copies");
                assertTrue(r * 5 >= h, profile + ": device " + d + " read " + r + " of the " + h
                        + " blocks it holds:" + report);
            }
            assertEquals(List.of(), trace.check(a, ReadaheadConfig.MAX_IN_FLIGHT, true, true));
            System.out.println("spread " + profile + " x" + devices + ":" + report);
        }
    }
}
