package btrfs.workbench.bench.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The request counters a probe prints: parsed from the kernel's stat lines, and differences of them. */
class BlockCountersTest {

    @Test
    void aStatLineGivesReadsMergesAndSectors() {
        BlockCounters c = BlockCounters.parse("  855        0  1476608     1234     10   0 80 5 0 900 1300 0 0 0 0 0 0\n");
        assertEquals(new BlockCounters(855, 0, 1476608), c);
        assertEquals(756, c.megabytes());
        assertEquals(new BlockCounters(5, 3, 2048), new BlockCounters(860, 3, 1478656).minus(c));
        assertThrows(IllegalArgumentException.class, () -> BlockCounters.parse("12 3"));
    }

    @Test
    void onlyDevicesSeenBeforeAndAfterHaveADifference() {
        Map<String, BlockCounters> before = Map.of("vda", new BlockCounters(1, 1, 8));
        Map<String, BlockCounters> after = Map.of("vda", new BlockCounters(3, 1, 24), "loop0", new BlockCounters(2, 0, 8));
        assertEquals(Map.of("vda", new BlockCounters(2, 0, 16)), WatchedDisks.since(before, after));
    }

    @Test
    void deviceNumbersDecodeAsGlibcDoes() {
        long vda1 = (252L << 8) | 1;
        assertEquals(252, WatchedDisks.major(vda1));
        assertEquals(1, WatchedDisks.minor(vda1));
        long big = ((259L & 0xfffL) << 8) | ((0x12345L & ~0xfffL) << 32) | (0x678L & 0xff) | ((0x678L & ~0xffL) << 12);
        assertEquals((259L & 0xfff) | (0x12345L & ~0xfffL), WatchedDisks.major(big));
        assertEquals(0x678, WatchedDisks.minor(big));
    }

    @Test
    void theRootFilesystemsDiskIsFoundWhereSysHasIt() {
        Path stat = WatchedDisks.diskStat(Path.of("/"));
        if (stat != null) { // none in some containers (overlay roots)
            assertTrue(BlockCounters.read(stat).isPresent(), stat.toString());
        }
        assertTrue(WatchedDisks.of(List.of(Path.of("/dev/no-such-loop")), Path.of("/proc")).now().isEmpty());
    }
}
