package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArrays;

/**
 * {@code readahead --coalesce [--coalesce-gap SIZE]}: the same blocks, fewer reads, the machine's
 * invariants hold.
 */
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
                "--no-stream-zones", "--trace", trace.toString()); // the per-block path coalesces
        assertEquals(0, run.exit(), run.err());
        List<ReadaheadEvent> events = ReadaheadCommandTest.checkTrace(TestArrays.named("raid1-blake2-16k"), trace, 6,
                true);
        long submits = events.stream().filter(ReadaheadEvent.Submit.class::isInstance).count();
        long reads = events.stream().filter(e -> e instanceof ReadaheadEvent.Submit s && s.read() == s.seq()).count();
        assertTrue(reads < submits, reads + " reads for " + submits + " blocks");
    }

    /**
     * Reads go through holes of up to 128 KiB by default ({@code --coalesce-gap}), of none with
     * {@code --coalesce-gap 0}, and a read spans at most 1 MiB of its device, each of its blocks at
     * or after the previous one's end. (How many reads a run takes depends on what is queued when
     * each read is built, which varies with timing: the benchmark counts the savings.)
     */
    @Test
    void readsGoThroughHolesOfAtMostTheGap() throws Exception {
        assertEquals(0, widestHole("0"), "back to back only");
        long byDefault = widestHole(null);
        assertTrue(byDefault > 0 && byDefault <= 128 << 10, "widest hole by default: " + byDefault);
        long wider = widestHole("1M");
        assertTrue(wider > 0 && wider <= 1 << 20, "widest hole with 1M: " + wider);
    }

    /** The widest hole inside one read of the fs and extent trees of a RAID1 array, checking every read's span. */
    private long widestHole(String gap) throws Exception {
        Path trace = tmp.resolve("gap-" + gap + ".jsonl");
        List<String> args = new ArrayList<>(List.of("readahead", "--tree", "fs", "--tree", "extent", "--trace",
                trace.toString()));
        if (gap != null) {
            args.addAll(List.of("--coalesce-gap", gap));
        }
        Run run = Run.on(TestArrays.named("raid1-blake2-16k"), args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        List<ReadaheadEvent.Submit> submits = ReadaheadCommandTest
                .checkTrace(TestArrays.named("raid1-blake2-16k"), trace, 6, true).stream()
                .filter(ReadaheadEvent.Submit.class::isInstance).map(ReadaheadEvent.Submit.class::cast).toList();
        Map<Long, List<ReadaheadEvent.Submit>> byRead = submits.stream()
                .collect(Collectors.groupingBy(ReadaheadEvent.Submit::read));
        int nodesize = 16384;
        long widest = 0;
        for (List<ReadaheadEvent.Submit> read : byRead.values()) {
            long first = read.get(0).physical();
            long end = first;
            for (ReadaheadEvent.Submit s : read) {
                assertEquals(read.get(0).dev(), s.dev());
                assertTrue(s.physical() >= end, "read " + read);
                widest = Math.max(widest, s.physical() - end);
                end = s.physical() + nodesize;
            }
            assertTrue(end - first <= 1 << 20, "read spans " + (end - first) + " bytes: " + read);
        }
        return widest;
    }

    @Test
    void coalesceGapIsASize() {
        for (List<String> bad : List.of(List.of("--coalesce-gap", "2M"), List.of("--coalesce-gap", "lots"),
                List.of("--coalesce-gap", "-1"), List.of("--coalesce-gap", "64K", "--no-coalesce"))) {
            List<String> args = new ArrayList<>(List.of("readahead", "--tree", "fs"));
            args.addAll(bad);
            Run run = Run.on(TestArrays.named("single-crc32c-16k"), args.toArray(String[]::new));
            assertEquals(2, run.exit(), bad + ": " + run.err());
            assertTrue(run.err().contains("--coalesce-gap"), run.err());
        }
    }

    @Test
    void coalesceAndNoCoalesceExcludeEachOther() {
        Run run = Run.on(TestArrays.named("single-crc32c-16k"), "readahead", "--tree", "fs", "--coalesce",
                "--no-coalesce");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--coalesce and --no-coalesce exclude each other"), run.err());
    }
}
