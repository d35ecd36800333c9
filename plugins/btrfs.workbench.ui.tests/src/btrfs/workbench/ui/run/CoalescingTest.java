package btrfs.workbench.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.cli.Cli;
import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.TreeNames;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.testing.Launches;

/**
 * The GUI's default run coalesces nearby blocks as the CLI's does: on one device, one read in
 * flight, the GUI and the CLI read the same trees in the same number of reads — fewer than
 * blocks. Each read takes 10 ms (the same pacing both ways) so that every tree's control is added
 * before the first read completes: without it, whether the later controls were queued by then was
 * timing, and with it what each coalesced read found queued (CI once counted 421 against 442).
 * With one read in flight, what is queued when a read is built then no longer depends on timing.
 */
class CoalescingTest {

    @Test
    void theGuisDefaultRunReadsAsTheCliDoes() throws Exception {
        BtrfsArray array = Launches.scanned(TestArrays.named("single-crc32c-16k").dir());
        RunSpec spec = Launches.allTrees(array, new IoModel(Duration.ofMillis(10), 0, false)).toBuilder()
                .maxInFlight(1).build();
        RunJob job = Launches.runToEnd(array, spec);
        List<DeviceSnapshot> devices = job.live().frame().engine().devices();
        long guiReads = devices.stream().mapToLong(d -> d.counters().reads()).sum();
        long blocks = job.live().frame().controls().stream().mapToLong(c -> c.blocks()).sum();

        List<String> line = new ArrayList<>(List.of("--max-in-flight", "1", "--latency-ms", "10", "--priority",
                "normal", "--json"));
        spec.trees().forEach(t -> line.addAll(List.of("--tree", TreeNames.shortName(t))));
        array.devices().stream().map(ArrayDevice::path).forEach(p -> line.add(p.toString()));
        assertEquals(spec, Cli.readaheadSpec(line), "the same run");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        line.add(0, "readahead");
        int exit = new Cli("test").run(line.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, exit);
        JsonNode cli = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        long cliReads = 0;
        for (JsonNode device : cli.get("per_device")) {
            cliReads += device.get("reads").asLong();
        }
        assertTrue(guiReads < blocks, "the GUI coalesced: " + guiReads + " reads for " + blocks + " blocks");
        assertEquals(cliReads, guiReads, "the GUI reads as the CLI");
    }
}
