package btrfs.workbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import btrfs.workbench.bench.BenchArgs.UsageException;

class BenchArgsTest {

    @Test
    void withoutOptionsItRunsTheFullPlanThreeTimesIntoTargetBench() throws UsageException {
        BenchArgs args = BenchArgs.parse(List.of(), Map.of());
        assertFalse(args.quick());
        assertEquals(Path.of("target/bench"), args.out());
        assertEquals(Path.of("/var/tmp/btrfs-workbench-bench"), args.work());
        assertEquals(3, args.runs());
    }

    @Test
    void everyOptionIsTaken() throws UsageException {
        BenchArgs args = BenchArgs.parse(List.of("--out", "/tmp/o", "--quick", "--runs", "5", "--work", "/srv/w"),
                Map.of());
        assertEquals(new BenchArgs(true, Path.of("/tmp/o"), Path.of("/srv/w"), 5), args);
    }

    @Test
    void theEnvironmentMovesTheWorkDirectoryAndTheOptionWins() throws UsageException {
        Map<String, String> env = Map.of(BenchArgs.WORK_VARIABLE, "/scratch/bench");
        assertEquals(Path.of("/scratch/bench"), BenchArgs.parse(List.of(), env).work());
        assertEquals(Path.of("/w"), BenchArgs.parse(List.of("--work", "/w"), env).work());
        assertEquals(BenchArgs.DEFAULT_WORK, BenchArgs.parse(List.of(), Map.of(BenchArgs.WORK_VARIABLE, " ")).work());
    }

    @Test
    void mistakesAreUsageErrors() {
        for (List<String> wrong : List.of(List.of("--runs", "0"), List.of("--runs", "three"), List.of("--runs", "100"),
                List.of("--out"), List.of("--out", ""), List.of("--fast"), List.of("/dev/sda"))) {
            assertThrows(UsageException.class, () -> BenchArgs.parse(wrong, Map.of()), wrong.toString());
        }
    }

    @Test
    void aDeviceArgumentIsExplained() {
        UsageException e = assertThrows(UsageException.class, () -> BenchArgs.parse(List.of("/dev/sda"), Map.of()));
        assertTrue(e.getMessage().contains("builds its own arrays"), e.getMessage());
    }
}
