package btrfs.workbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import btrfs.workbench.bench.measure.Measurer;
import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.StreamZones;

class EngineSettingsTest {

    private static final Path SYS_CLASS_BLOCK = Path.of("/sys/class/block");

    @Test
    void theReadaheadWindowOfTheDevicesComesFromSysfsOncePerValue() throws IOException {
        Optional<Path> device = anyBlockDeviceWithAReadaheadWindow();
        assumeTrue(device.isPresent(), "no block device with queue/read_ahead_kb on this machine");
        String name = device.get().getFileName().toString();
        String kb = Files.readString(SYS_CLASS_BLOCK.resolve(name).resolve("queue/read_ahead_kb")).strip();
        Path node = Path.of("/dev", name);
        assertEquals(kb, EngineSettings.readAheadKb(List.of(node, node)));
        assertEquals(kb + "/?", EngineSettings.readAheadKb(List.of(node, Path.of("/dev/no-such-device"))));
    }

    @Test
    void theHeaderSaysWhenReadaheadStreams() {
        ReadaheadConfig defaults = Measurer.spec(Method.READA_ALL, List.of(Path.of("dev1.img"))).engineConfig();
        String pages = "; " + EngineSettings.pages(defaults);
        assertTrue(EngineSettings.describe(defaults, true).endsWith(
                "zone streaming auto (the block groups streamed when the trees read whole hold 30 % of what the stream "
                        + "reads, leaves first below 75 % (the nodes read per block, then only the leaves they name "
                        + "streamed, holes of up to 128 KiB read through), each device reading its own share only)"
                        + pages));
        assertTrue(EngineSettings.describe(Measurer.spec(Method.WHOLE_STREAM_FS, List.of(Path.of("dev1.img")))
                .engineConfig(), true).endsWith("of what the stream reads, whole (--no-stream-leaves), each device "
                        + "reading its own share only)" + pages));
        assertTrue(EngineSettings.describe(Measurer.spec(Method.HELP_ALL, List.of(Path.of("dev1.img")))
                .engineConfig(), true).endsWith("a device done with its share reading the rest of a slower mirror's)"
                        + pages));
        assertTrue(EngineSettings.describe(defaults.withStreamZones(StreamZones.OFF), true)
                .endsWith("zone streaming off (never streamed)" + pages));
    }

    @Test
    void theHeaderSaysWhereReadsLand() {
        ReadaheadConfig defaults = Measurer.spec(Method.READA_ALL, List.of(Path.of("dev1.img"))).engineConfig();
        assertTrue(EngineSettings.describe(defaults, true).contains("huge pages"));
        assertTrue(EngineSettings.describe(Measurer.spec(Method.NO_HUGE_ALL, List.of(Path.of("dev1.img")))
                .engineConfig(), true).endsWith("; coalesced and stream reads into 4 KiB pages"));
    }

    @Test
    void anUnknownDeviceIsAQuestionMark() {
        assertEquals("?", EngineSettings.readAheadKb(List.of(Path.of("/dev/no-such-device"))));
        assertEquals("?", EngineSettings.readAheadKb(List.of()));
    }

    private static Optional<Path> anyBlockDeviceWithAReadaheadWindow() throws IOException {
        if (!Files.isDirectory(SYS_CLASS_BLOCK)) {
            return Optional.empty();
        }
        try (Stream<Path> all = Files.list(SYS_CLASS_BLOCK)) {
            return all.filter(d -> Files.isReadable(d.resolve("queue/read_ahead_kb"))).sorted().findFirst();
        }
    }
}
