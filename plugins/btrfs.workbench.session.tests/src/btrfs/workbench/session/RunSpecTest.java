package btrfs.workbench.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.EngineMode;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.io.IoModel;

/** The run's options: their defaults, their rules (in both faces' words) and the engine they make. */
class RunSpecTest {

    private static RunSpec.Builder fsTree() {
        return RunSpec.builder().devices(List.of(Path.of("/dev/loop0"))).trees(List.of(5L));
    }

    @Test
    void theDefaultsAreTheCommandLinesWithoutOptions() {
        RunSpec spec = fsTree().build();
        assertEquals(Key.MIN, spec.start());
        assertEquals(Key.MAX, spec.end());
        assertEquals(Strategy.READA, spec.strategy());
        assertEquals(ReadaheadConfig.MAX_IN_FLIGHT, spec.maxInFlight());
        assertTrue(spec.coalesce(), "coalescing is on unless turned off");
        assertEquals(ReadaheadConfig.COALESCE_GAP_BYTES, spec.coalesceGap());
        assertTrue(spec.failover());
        assertFalse(spec.scrub());
        assertEquals(Priority.BACKGROUND, spec.priority());
        assertFalse(spec.direct());
        assertEquals(IoModel.NONE, spec.io());
        assertEquals(ReadaheadConfig.READ_TIMEOUT, spec.readTimeout());
        assertEquals(Following.NONE, spec.following());
        assertEquals(RunSpec.Outputs.NONE, spec.outputs());
        assertFalse(spec.streamHelp());
        assertTrue(spec.hugePages());
        assertTrue(spec.streamLeaves());
    }

    @Test
    void theEngineGetsEverySetting() {
        RunSpec spec = fsTree().strategy(Strategy.READA).maxInFlight(3).coalesceGap(0).failover(false)
                .priority(Priority.NORMAL).readTimeout(Duration.ofSeconds(2)).build();
        ReadaheadConfig config = spec.engineConfig();
        assertEquals(3, config.maxInFlightPerDevice());
        assertEquals(ReadaheadConfig.COALESCE_BYTES, config.coalesceBytes());
        assertEquals(0, config.coalesceGapBytes());
        assertFalse(config.failover());
        assertFalse(config.background());
        assertEquals(Duration.ofSeconds(2), config.readTimeout());
        assertFalse(config.streamHelp());
        assertTrue(fsTree().streamHelp(true).build().engineConfig().streamHelp());
        assertTrue(config.hugePages());
        assertFalse(fsTree().hugePages(false).build().engineConfig().hugePages());
        assertTrue(config.streamLeaves());
        assertFalse(fsTree().streamLeaves(false).build().engineConfig().streamLeaves());
        ReadaheadConfig alone = fsTree().coalesce(false).build().engineConfig();
        assertEquals(0, alone.coalesceBytes(), "not coalescing: every block on its own, as the kernel");
        assertEquals(0, alone.coalesceGapBytes());
    }

    @Test
    void notCoalescingHasOneMeaningWhateverTheGap() {
        assertEquals(fsTree().coalesce(false).build(), fsTree().coalesceGap(4096).coalesce(false).build());
        RunSpec off = fsTree().coalesce(false).build();
        assertEquals(ReadaheadConfig.COALESCE_GAP_BYTES, off.toBuilder().coalesce(true).build().coalesceGap(),
                "turned on again: the default gap");
    }

    @Test
    void notStreamingHasOneMeaningWhateverTheHelp() {
        assertEquals(fsTree().streamZones(StreamZones.OFF).build(),
                fsTree().streamZones(StreamZones.OFF).streamHelp(true).build());
        assertEquals(fsTree().strategy(Strategy.NAIVE).build(),
                fsTree().strategy(Strategy.NAIVE).streamHelp(true).build());
        assertTrue(fsTree().streamZones(StreamZones.ON).streamHelp(true).build().streamHelp());
    }

    @Test
    void leavesFirstOnlyDecidesForTheAutomaticStream() {
        assertEquals(fsTree().streamZones(StreamZones.OFF).build(),
                fsTree().streamZones(StreamZones.OFF).streamLeaves(false).build());
        assertEquals(fsTree().streamZones(StreamZones.ON).build(),
                fsTree().streamZones(StreamZones.ON).streamLeaves(false).build());
        assertEquals(fsTree().strategy(Strategy.NAIVE).build(),
                fsTree().strategy(Strategy.NAIVE).streamLeaves(false).build());
        assertFalse(fsTree().streamLeaves(false).build().streamLeaves());
    }

    @Test
    void aBuilderFromASpecMakesTheSameSpec() {
        RunSpec spec = fsTree().strategy(Strategy.NAIVE).maxInFlight(1).direct(true)
                .io(new IoModel(Duration.ofMillis(3), 5_000_000, true))
                .outputs(new RunSpec.Outputs(Path.of("t"), Path.of("r"), Path.of("s"), Duration.ofSeconds(1))).build();
        assertEquals(spec, spec.toBuilder().build());
    }

    /** Every rule fires with its own name, the command line's words and the dialog's. */
    @Test
    void everyRuleSaysWhatIsWrongInBothFaces() {
        Map<SpecRule, UnaryOperator<RunSpec.Builder>> broken = Map.ofEntries(
                Map.entry(SpecRule.TREES, b -> b.trees(List.of())),
                Map.entry(SpecRule.DEVICES, b -> b.devices(List.of())),
                Map.entry(SpecRule.RANGE, b -> b.range(new Key(5, 1, 0), new Key(4, 1, 0))),
                Map.entry(SpecRule.MAX_IN_FLIGHT, b -> b.maxInFlight(RunSpec.MAX_IN_FLIGHT_LIMIT + 1)),
                Map.entry(SpecRule.COALESCE, b -> b.coalesceGap(ReadaheadConfig.COALESCE_BYTES + 1)),
                Map.entry(SpecRule.SCRUB, b -> b.scrub(true).strategy(Strategy.NAIVE)),
                Map.entry(SpecRule.FOLLOWING, b -> b.following(new Following(true, false)).strategy(Strategy.NAIVE)),
                Map.entry(SpecRule.PACING, b -> b.io(new IoModel(Duration.ofMinutes(2), 0, false))),
                Map.entry(SpecRule.READ_TIMEOUT, b -> b.readTimeout(Duration.ofDays(2))),
                Map.entry(SpecRule.ENGINE, b -> b.engine(EngineMode.V4_19).coalesce(true)),
                Map.entry(SpecRule.STREAMING, b -> b.streamZones(StreamZones.ON).strategy(Strategy.NAIVE)),
                Map.entry(SpecRule.OUTPUTS, b -> b.outputs(new RunSpec.Outputs(null, null, null,
                        Duration.ofSeconds(1)))));
        assertEquals(SpecRule.values().length - 1, broken.size(), "every rule but PRIORITY (a name) is built here");
        broken.forEach((rule, breakIt) -> {
            RunSpecException e = assertThrows(RunSpecException.class, () -> breakIt.apply(fsTree()).build(),
                    rule::toString);
            assertEquals(rule, e.rule());
            assertFalse(e.getMessage().isBlank(), rule::toString);
            assertFalse(e.forDialog().isBlank() || e.forDialog().contains("--"), e.forDialog());
        });
        assertEquals(SpecRule.PRIORITY, assertThrows(RunSpecException.class, () -> Priority.of("high")).rule());
    }

    @Test
    void scrubReadsEveryCopySoFailoverCannotBeOff() {
        RunSpecException e = assertThrows(RunSpecException.class, () -> fsTree().scrub(true).failover(false).build());
        assertEquals("--scrub reads every copy of every block: --no-failover does not apply", e.getMessage());
        assertEquals("Scrub needs the reada strategy.",
                assertThrows(RunSpecException.class, () -> fsTree().scrub(true).strategy(Strategy.NAIVE).build())
                        .forDialog());
    }

    @Test
    void treesAreNamedAsUsersTypeThem() {
        assertEquals(5L, TreeNames.parse("fs"));
        assertEquals(10L, TreeNames.parse("free-space"));
        assertEquals(256L, TreeNames.parse("256"));
        for (long id : List.of(1L, 2L, 3L, 4L, 5L, 7L, 8L, 9L, 10L, 11L, -9L, 256L)) {
            assertEquals(id, TreeNames.parse(TreeNames.shortName(id)), "round trip of " + id);
        }
        assertEquals("quota", TreeNames.shortName(8));
        assertEquals(SpecRule.TREES, assertThrows(RunSpecException.class, () -> TreeNames.parse("bogus")).rule());
    }
}
