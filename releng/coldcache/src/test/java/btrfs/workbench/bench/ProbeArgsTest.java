package btrfs.workbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import btrfs.workbench.bench.BenchArgs.UsageException;
import btrfs.workbench.bench.array.LoopMode;
import btrfs.workbench.bench.measure.Method;

class ProbeArgsTest {

    @Test
    void anArrayAloneProbesTheFloorAgainstTheDefaultsOnDirectLoopDevices() throws UsageException {
        ProbeArgs args = ProbeArgs.parse(List.of("raid10-4dev"), Map.of());
        assertEquals(new ProbeArgs(false, BenchArgs.DEFAULT_WORK, "raid10-4dev", LoopMode.DIRECT,
                ProbeArgs.DEFAULT_ROUNDS, List.of(Method.LIMIT_ONE_COPY, Method.READA_ALL)), args);
    }

    @Test
    void everyOptionIsTakenAndTheMethodsKeepTheirOrder() throws UsageException {
        ProbeArgs args = ProbeArgs.parse(List.of("--rounds", "7", "dup-1dev", "--buffered", "reada-fs",
                "reada-no-huge-pages-fs", "--quick", "--work", "/srv/w"), Map.of(BenchArgs.WORK_VARIABLE, "/x"));
        assertEquals(new ProbeArgs(true, Path.of("/srv/w"), "dup-1dev", LoopMode.BUFFERED, 7,
                List.of(Method.READA_FS, Method.NO_HUGE_FS)), args);
    }

    @Test
    void mistakesAreUsageErrors() {
        for (List<String> wrong : List.<List<String>>of(List.of(), List.of("--rounds", "0", "a"), List.of("a", "--rounds"),
                List.of("a", "--fast"), List.of("a", "reada"), List.of("--buffered"))) {
            assertThrows(UsageException.class, () -> ProbeArgs.parse(wrong, Map.of()), wrong.toString());
        }
    }
}
