package btrfs.workbench.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.cli.Cli;
import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.TreeNames;
import btrfs.workbench.snapshot.trace.TraceReader;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.testing.Launches;

/**
 * The GUI's default run coalesces nearby blocks as the CLI's does: one tree on one device, one read
 * in flight, no pacing, the GUI and the CLI read it with the same number of I/Os — fewer than the
 * blocks they submit. I/Os are counted from each run's trace (a coalesced read's blocks share its
 * read id): the per-device "reads" of the report count blocks, which cannot tell coalescing from
 * not. One tree, one control: with a control per tree, the first reads are built while the later
 * controls are still being added, and what they find queued is timing (CI counted 421 against 442,
 * and with paced reads 21 against 27). With one control and one read in flight, what is queued
 * when a read is built does not depend on timing.
 */
class CoalescingTest {

    @TempDir
    Path dir;

    @Test
    void theGuisDefaultRunReadsAsTheCliDoes() throws Exception {
        BtrfsArray array = Launches.scanned(TestArrays.named("single-crc32c-16k").dir());
        Path guiTrace = dir.resolve("gui.jsonl");
        Path cliTrace = dir.resolve("cli.jsonl");
        // subvolume 257: 305 blocks, most of them back to back; dense enough to stream by default,
        // so the per-block path, which coalesces, is asked for
        RunSpec spec = Launches.oneTree(array, IoModel.NONE, 257).toBuilder().maxInFlight(1)
                .streamZones(StreamZones.OFF).outputs(new RunSpec.Outputs(guiTrace, null, null, null)).build();
        Launches.runToEnd(array, spec);

        List<String> line = new ArrayList<>(List.of("--max-in-flight", "1", "--priority", "normal", "--json",
                "--no-stream-zones", "--trace", cliTrace.toString()));
        spec.trees().forEach(t -> line.addAll(List.of("--tree", TreeNames.shortName(t))));
        array.devices().stream().map(ArrayDevice::path).forEach(p -> line.add(p.toString()));
        assertEquals(spec.toBuilder().outputs(new RunSpec.Outputs(cliTrace, null, null, null)).build(),
                Cli.readaheadSpec(line), "the same run");
        line.add(0, "readahead");
        int exit = new Cli("test").run(line.toArray(String[]::new),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, exit);

        List<ReadaheadEvent.Submit> gui = submits(guiTrace);
        List<ReadaheadEvent.Submit> cli = submits(cliTrace);
        long guiIos = ios(gui);
        assertTrue(guiIos < gui.size(), "the GUI coalesced: " + guiIos + " I/Os for " + gui.size() + " blocks");
        assertEquals(ios(cli), guiIos, "the GUI reads as the CLI");
        assertEquals(cli.size(), gui.size(), "the same blocks submitted");
    }

    private static List<ReadaheadEvent.Submit> submits(Path trace) throws IOException {
        return TraceReader.read(trace).stream().filter(ReadaheadEvent.Submit.class::isInstance)
                .map(ReadaheadEvent.Submit.class::cast).toList();
    }

    /** I/Os: the blocks of one coalesced read carry the same read id. */
    private static long ios(List<ReadaheadEvent.Submit> submits) {
        return submits.stream().mapToLong(ReadaheadEvent.Submit::read).distinct().count();
    }
}
