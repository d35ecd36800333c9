package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.EngineMode;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.session.Priority;
import btrfs.workbench.session.RunArguments;
import btrfs.workbench.session.RunSpec;

/**
 * A run launched on a server travels as a command line ({@link RunArguments}): for every option
 * the CLI parses that line back into the very spec it was made from — the run there is the run
 * chosen here.
 */
class RunArgumentsTest {

    /** Devices and trees, every other option at its default. */
    private static RunSpec.Builder base() {
        return RunSpec.builder().devices(List.of(Path.of("/srv/img/dev 1.img"), Path.of("/dev/sdb")))
                .trees(List.of(5L, 2L, 257L));
    }

    @Test
    void everyOptionComesBackAsTheSameSpec() {
        List<UnaryOperator<RunSpec.Builder>> choices = List.of(
                b -> b,
                b -> b.range(Key.parse("256,INODE_ITEM,0"), Key.parse("257,1,4096")),
                b -> b.strategy(Strategy.NAIVE),
                b -> b.engine(EngineMode.V4_19),
                b -> b.maxInFlight(3),
                b -> b.coalesce(false),
                b -> b.coalesceGap(0),
                b -> b.coalesceGap(12345),
                b -> b.streamZones(StreamZones.ON),
                b -> b.streamZones(StreamZones.OFF),
                b -> b.streamHelp(true),
                b -> b.hugePages(false),
                b -> b.streamLeaves(false),
                b -> b.failover(false),
                b -> b.scrub(true),
                b -> b.priority(Priority.NORMAL),
                b -> b.direct(true),
                b -> b.pacing(Duration.ofNanos(7_500_001), 0, false),
                b -> b.pacing(Duration.ZERO, 12_345_678, true),
                b -> b.readTimeout(Duration.ofMillis(2500)),
                b -> b.readTimeout(Duration.ZERO),
                b -> b.following(new Following(true, true)),
                b -> b.trees(List.of(-9L, 256L))); // data-reloc: an id above 2^63
        for (UnaryOperator<RunSpec.Builder> choice : choices) {
            RunSpec spec = choice.apply(base()).build();
            List<String> line = RunArguments.of(spec);
            assertEquals("readahead", line.get(0));
            assertEquals(spec, Cli.readaheadSpec(line.subList(1, line.size())), String.join(" ", line));
        }
    }
}
