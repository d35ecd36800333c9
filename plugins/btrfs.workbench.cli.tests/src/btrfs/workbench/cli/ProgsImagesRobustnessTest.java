package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.testsupport.ProgsImages;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Every image of the btrfs-progs test suite (many corrupt or fuzzed) through the CLI: each
 * command ends within 20 s with exit 0, 1 or 2 and, when not 0, one clear line per problem —
 * never an uncaught exception, a hang or an OutOfMemoryError. Outcomes go to
 * target/progs-images.tsv.
 */
class ProgsImagesRobustnessTest {

    private static final long TIME_LIMIT_SECONDS = 20;
    private static final List<String[]> COMMANDS = List.of(new String[] { "super" }, new String[] { "chunks" },
            new String[] { "tree-blocks", "--tree", "root" }, new String[] { "readahead", "--tree", "root" },
            new String[] { "readahead", "--tree", "fs", "--tree", "extent", "--json" });

    private static ExecutorService runner;
    private static final List<String> outcomes = new ArrayList<>();

    @BeforeAll
    static void start() {
        runner = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "progs-image");
            thread.setDaemon(true); // a hung command must not keep the test JVM alive
            return thread;
        });
    }

    @AfterAll
    static void report() throws IOException {
        runner.shutdownNow();
        if (!outcomes.isEmpty()) {
            List<String> lines = new ArrayList<>(List.of("filesystem\tcommand\texit\tseconds\tfirst stderr line"));
            lines.addAll(outcomes);
            Files.createDirectories(TestArrays.workDir());
            Files.write(TestArrays.workDir().resolve("progs-images.tsv"), lines);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyImageEndsCleanly() {
        assumeTrue(ProgsImages.available(), "no btrfs-progs images at " + ProgsImages.directory());
        return ProgsImages.filesystems().stream().flatMap(fs -> COMMANDS.stream()
                .map(command -> DynamicTest.dynamicTest(String.join(" ", command) + " " + fs.group(),
                        () -> check(fs, command))));
    }

    private static void check(ProgsImages.Filesystem fs, String[] command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        fs.images().forEach(image -> args.add(image.unpacked().toString()));
        long start = System.nanoTime();
        Future<Run> future = runner.submit(() -> Run.of(args));
        Run run;
        try {
            run = future.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError(command[0] + " " + fs.group() + " did not end within " + TIME_LIMIT_SECONDS + " s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int code = run.exit();
        String stderr = run.err();
        outcomes.add(String.join("\t", fs.group(), String.join(" ", command), Integer.toString(code), String.format("%.2f", seconds),
                stderr.lines().findFirst().orElse("")));
        assertTrue(code >= 0 && code <= 2, "exit " + code);
        assertFalse(stderr.contains("internal error"), stderr);
        assertFalse(stderr.contains("\tat "), "no stack traces: " + stderr);
        stderr.lines().forEach(line -> assertTrue(line.startsWith("btrfs-workbench: "), line));
        assertEquals(code != 0, !stderr.isBlank(), "a failure says why, a success says nothing: " + stderr);
    }
}
