package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.ProgsImages;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Every image of the btrfs-progs test suite (many corrupt or fuzzed) through the CLI, as issue 10
 * asks: {@code scan}, {@code super}, {@code chunks}, {@code tree-blocks} for every tree and a
 * {@code readahead} of every tree. Each ends within 20 s with exit 0, 1 or 2 and, when not 0, one
 * clear line per problem — never an uncaught exception, a stack trace, a hang or an
 * OutOfMemoryError. The outcomes table goes to target/progs-images-sweep.md; the copy committed
 * in testdata/ must list exactly the runs the sweep makes.
 */
class ProgsImagesRobustnessTest {

    private static final Duration TIME_LIMIT = Duration.ofSeconds(20);
    /** Two at a time: the CI machine has two cores. */
    private static final int THREADS = 2;
    /** A line longer than this is no clear reason (e.g. thousands of problems joined). */
    private static final int MAX_LINE = 500;

    @TestFactory
    Stream<DynamicTest> everyImageEndsCleanly() throws IOException {
        assumeTrue(ProgsImages.available(), "no btrfs-progs images at " + ProgsImages.directory());
        List<SweepPlan.Target> targets = ProgsImages.filesystems().stream().map(SweepPlan::target).toList();
        Map<Path, String> before = hashes(targets);
        long start = System.nanoTime();
        SweepRunner runner = new SweepRunner(THREADS);
        List<SweepRunner.Pending> pending = targets.stream().flatMap(t -> SweepPlan.invocations(t).stream())
                .map(runner::submit).toList();
        List<SweepTable.Row> rows = Collections.synchronizedList(new ArrayList<>());
        Stream<DynamicTest> runs = pending.stream().map(p -> DynamicTest.dynamicTest(
                p.invocation.label() + " on " + p.invocation.target().name(), () -> check(p, rows)));
        DynamicTest last = DynamicTest.dynamicTest("images unchanged; table written", () -> {
            runner.close();
            System.out.printf("progs-image sweep: %d runs in %.1f s%n", rows.size(), (System.nanoTime() - start) / 1e9);
            writeTable(rows, targets);
            assertEquals(before, hashes(targets), "the sweep must not change any image");
        });
        return Stream.concat(runs, Stream.of(last));
    }

    /** The committed table lists exactly the filesystem/command pairs the sweep runs, no more, no fewer. */
    @Test
    void committedTableListsExactlyTheSweepsRuns() throws IOException {
        assumeTrue(ProgsImages.available(), "no btrfs-progs images at " + ProgsImages.directory());
        Set<String> planned = new TreeSet<>();
        for (ProgsImages.Filesystem fs : ProgsImages.filesystems()) {
            SweepPlan.invocations(SweepPlan.target(fs)).forEach(i -> planned.add(i.target().name() + " :: " + i.label()));
        }
        Set<String> committed = new TreeSet<>();
        SweepTable.parseRows(Files.readString(committedTable())).forEach(row -> committed.add(row.pair()));
        assertEquals(Set.of(), difference(committed, planned), "listed in " + committedTable() + " but not run");
        assertEquals(Set.of(), difference(planned, committed), "run but not listed in " + committedTable());
    }

    /** Without the images too: the committed table is well formed and its summary adds up. */
    @Test
    void committedTableSummaryAddsUp() throws IOException {
        String markdown = Files.readString(committedTable());
        List<SweepTable.Row> rows = SweepTable.parseRows(markdown);
        assertFalse(rows.isEmpty(), "the committed table has runs");
        assertEquals(SweepTable.renderSummary(SweepTable.summary(rows)), SweepTable.summarySection(markdown));
        rows.forEach(row -> assertTrue(row.exit() >= 0 && row.exit() <= 2, row.toString()));
        rows.forEach(row -> assertTrue(row.seconds() < TIME_LIMIT.toSeconds(), row.toString()));
    }

    /** A table that lists a run the sweep does not make, or misses one, is told apart. */
    @Test
    void theStalenessCheckSeesAnExtraOrMissingPair() {
        String table = SweepTable.render(List.of(row("a", "scan"), row("a", "super")), 1, 1);
        Set<String> pairs = new TreeSet<>();
        SweepTable.parseRows(table).forEach(row -> pairs.add(row.pair()));
        assertEquals(Set.of("a :: scan", "a :: super"), pairs);
        assertEquals(Set.of("a :: super"), difference(pairs, Set.of("a :: scan")));
    }

    private static SweepTable.Row row(String fs, String command) {
        return new SweepTable.Row(fs, command, 1, 0.5, 1, "btrfs-workbench: a | b", "1 chunks");
    }

    /** Records the run in the table first, so that a failing run is listed too. */
    private static void check(SweepRunner.Pending pending, List<SweepTable.Row> rows) throws InterruptedException {
        SweepRunner.Outcome outcome = SweepRunner.await(pending, TIME_LIMIT);
        rows.add(SweepTable.row(outcome));
        int code = outcome.run().exit();
        String stderr = outcome.run().err();
        assertTrue(code >= 0 && code <= 2, "exit " + code);
        assertFalse(stderr.contains("internal error"), stderr);
        assertFalse(stderr.contains("\tat "), "no stack traces: " + stderr);
        stderr.lines().forEach(line -> assertTrue(line.startsWith("btrfs-workbench: "), line));
        stderr.lines().forEach(line -> assertTrue(line.length() <= MAX_LINE, "one problem per line: " + line));
        assertEquals(code != 0, !stderr.isBlank(), "a failure says why, a success says nothing: " + stderr);
    }

    /** Rows in the order the sweep ran them (the runs end out of order on several threads). */
    private static void writeTable(List<SweepTable.Row> rows, List<SweepPlan.Target> targets) throws IOException {
        int images = targets.stream().mapToInt(t -> t.devices().size()).sum();
        Files.createDirectories(TestArrays.workDir());
        Files.writeString(TestArrays.workDir().resolve(SweepTable.FILE_NAME),
                SweepTable.render(List.copyOf(rows), targets.size(), images));
    }

    /** The compressed sources in the shared folder and the unpacked copies the commands read. */
    private static Map<Path, String> hashes(List<SweepPlan.Target> targets) throws IOException {
        Map<Path, String> hashes = new LinkedHashMap<>();
        for (ProgsImages.Filesystem fs : ProgsImages.filesystems()) {
            for (ProgsImages.Image image : fs.images()) {
                hashes.put(image.file(), Hashes.sha256(image.file()));
            }
        }
        for (SweepPlan.Target target : targets) {
            hashes.putAll(Hashes.dataSha256(target.devices()));
        }
        return hashes;
    }

    private static Path committedTable() {
        return TestArrays.repositoryRoot().resolve("testdata").resolve(SweepTable.FILE_NAME);
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}
