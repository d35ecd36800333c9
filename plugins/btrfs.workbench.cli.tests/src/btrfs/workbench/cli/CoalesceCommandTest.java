package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArrays;

/** {@code readahead --coalesce}: the same blocks, fewer reads, the machine's invariants hold. */
class CoalesceCommandTest {

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> coalescedRunsReadWhatBtrfsProgsDumpsInFewerReads() {
        return TestArrays.all().stream().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            Path trace = tmp.resolve(array.name() + ".jsonl");
            Run run = Run.on(array, "readahead", "--tree", "fs", "--tree", "extent", "--coalesce", "--json",
                    "--trace", trace.toString());
            assertEquals(0, run.exit(), run.err());
            Set<Long> progs = new HashSet<>();
            for (long tree : List.of(5L, 2L)) {
                ArrayTruth.of(array).blocks(tree).forEach(b -> progs.add(b.bytenr()));
            }
            List<ReadaheadEvent> events = ReadaheadCommandTest.checkTrace(array, trace, 6, true);
            List<ReadaheadEvent.Submit> submits = events.stream().filter(ReadaheadEvent.Submit.class::isInstance)
                    .map(ReadaheadEvent.Submit.class::cast).toList();
            assertEquals(progs, new HashSet<>(submits.stream().map(ReadaheadEvent.Submit::logical).toList()));
            assertEquals(progs.size(), ReadaheadCommandTest.json(run).get("blocks").asLong());
            assertEquals(progs.size(), submits.size(), "each block once");
        }));
    }

    @Test
    void someKernelWrittenBlocksAreReadTogether() throws Exception {
        Path trace = tmp.resolve("raid1.jsonl");
        Run run = Run.on(TestArrays.named("raid1-blake2-16k"), "readahead", "--tree", "257", "--coalesce",
                "--trace", trace.toString());
        assertEquals(0, run.exit(), run.err());
        List<ReadaheadEvent> events = ReadaheadCommandTest.checkTrace(TestArrays.named("raid1-blake2-16k"), trace, 6,
                true);
        long submits = events.stream().filter(ReadaheadEvent.Submit.class::isInstance).count();
        long reads = events.stream().filter(e -> e instanceof ReadaheadEvent.Submit s && s.read() == s.seq()).count();
        assertTrue(reads < submits, reads + " reads for " + submits + " blocks");
    }

    @Test
    void coalesceAndNoCoalesceExcludeEachOther() {
        Run run = Run.on(TestArrays.named("single-crc32c-16k"), "readahead", "--tree", "fs", "--coalesce",
                "--no-coalesce");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--coalesce and --no-coalesce exclude each other"), run.err());
    }
}
