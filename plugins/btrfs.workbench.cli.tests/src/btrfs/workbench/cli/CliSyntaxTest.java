package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * The command line's syntax, as picocli parses it: options in any order and place, {@code
 * --opt=value} and {@code --opt value}, {@code --} before paths, help per command; every mistake
 * one line on stderr and exit 2.
 */
class CliSyntaxTest {

    private static final TestArray SINGLE = TestArrays.named("single-crc32c-16k");

    private static void assertUsageError(Run run, String message) {
        assertEquals(2, run.exit(), run.err());
        assertEquals("btrfs-workbench: " + message + " (see --help)\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void everyCommandHasItsHelpAndHelpCommandSaysTheSame() {
        for (String command : List.of("scan", "super", "chunks", "tree-blocks", "readahead", "snapshot")) {
            Run help = Run.of(command, "--help");
            assertEquals(0, help.exit(), help.err());
            assertTrue(help.out().startsWith("Usage: btrfs-workbench " + command), help.out());
            assertEquals(help, Run.of("help", command), "help " + command);
        }
        assertTrue(Run.of("readahead", "--help").out().contains("--max-in-flight=N"));
    }

    @Test
    void optionsTakeTheirValueEitherWayAndComeInAnyOrder() throws Exception {
        long fsBlocks = ReadaheadCommandTest.json(Run.on(SINGLE, "readahead", "--tree", "fs", "--json")).get("blocks")
                .asLong();
        assertTrue(fsBlocks > 0);
        JsonNode joined = ReadaheadCommandTest.json(Run.on(SINGLE, "readahead", "--tree=fs", "--json"));
        assertEquals(fsBlocks, joined.get("blocks").asLong());
        List<String> devicesFirst = new ArrayList<>(Run.withDevices(SINGLE, "readahead"));
        devicesFirst.addAll(List.of("--json", "--tree", "fs", "--max-in-flight=2"));
        assertEquals(fsBlocks, ReadaheadCommandTest.json(Run.of(devicesFirst)).get("blocks").asLong());
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        List<String> args = new ArrayList<>(List.of("readahead", "--tree", "fs", "--json", "--"));
        SINGLE.compressedImages().forEach(p -> args.add(p.toString()));
        Run run = Run.of(args);
        assertEquals(0, run.exit(), run.err());
        assertTrue(ReadaheadCommandTest.json(run).get("blocks").asLong() > 0);
        Run dashPath = Run.of("super", "--", "--no-such-image");
        assertEquals(2, dashPath.exit());
        assertEquals("btrfs-workbench: --no-such-image: no such file or device\n", dashPath.err(),
                "after --, a path that looks like an option is a path");
    }

    @Test
    void mistakesAreOneLineAndExitTwo() {
        assertUsageError(Run.on(SINGLE, "readahead", "--tree", "fs", "--bogus"), "unknown option --bogus");
        assertUsageError(Run.of("readahead", "--tree"), "--tree needs a value");
        assertUsageError(Run.of("frobnicate"), "unknown command 'frobnicate'");
        assertUsageError(Run.on(SINGLE, "readahead", "--tree", "fs", "--coalesce", "--no-coalesce"),
                "--coalesce and --no-coalesce exclude each other");
        assertUsageError(Run.on(SINGLE, "readahead", "--tree", "fs", "--stream-zones", "--no-stream-zones"),
                "--stream-zones and --no-stream-zones exclude each other");
        assertUsageError(Run.on(SINGLE, "readahead", "--tree", "fs", "--stream-help", "--no-stream-zones"),
                "--stream-help and --no-stream-zones exclude each other");
        assertUsageError(Run.on(SINGLE, "readahead", "--tree", "fs", "--huge-pages", "--no-huge-pages"),
                "--huge-pages and --no-huge-pages exclude each other");
        assertUsageError(Run.on(SINGLE, "readahead", "--tree", "fs", "--stream-leaves", "--no-stream-leaves"),
                "--stream-leaves and --no-stream-leaves exclude each other");
        assertUsageError(Run.on(SINGLE, "readahead", "--tree", "fs", "--no-stream-leaves", "--no-stream-zones"),
                "--no-stream-leaves and --no-stream-zones exclude each other");
        assertUsageError(Run.on(SINGLE, "readahead", "--tree", "fs", "--stream-leaves", "--stream-zones"),
                "--stream-leaves and --stream-zones exclude each other");
        assertUsageError(Run.on(SINGLE, "readahead", "--tree", "fs", "--max-in-flight", "2000"),
                "--max-in-flight must be between 1 and 1024, not 2000");
    }

    @Test
    void noCommandPrintsTheHelp() {
        Run none = Run.of();
        assertEquals(0, none.exit());
        assertEquals(Run.of("--help"), none);
        assertTrue(none.out().contains("readahead"), none.out());
    }
}
