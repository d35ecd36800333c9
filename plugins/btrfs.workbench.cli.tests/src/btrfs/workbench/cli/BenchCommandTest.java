package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.bench.system.Host;

class BenchCommandTest {

    @TempDir
    Path dir;

    /** A machine where nothing the benchmark needs is allowed: an ordinary user in a container. */
    private static final Host USER = new Host() {
        @Override
        public boolean isRoot() {
            return false;
        }

        @Override
        public boolean hasTool(String name) {
            return true;
        }

        @Override
        public boolean hasBtrfs() {
            return true;
        }

        @Override
        public boolean hasFreeLoopDevice() {
            return false;
        }

        @Override
        public boolean canDropCaches() {
            return false;
        }
    };

    @Test
    void withoutRootItSaysSoAndExitsTwoWithoutTouchingAnything() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = List.of("--quick", "--out", dir.resolve("out").toString(), "--work",
                dir.resolve("work").toString());
        int exit;
        try {
            exit = new BenchCommand(commands -> USER).run(args, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } catch (CliException e) {
            exit = e.exitCode();
            assertTrue(e.getMessage().startsWith("bench cannot run here: it must run as root"), e.getMessage());
        }
        assertEquals(Cli.BAD_INPUT, exit);
        assertTrue(!Files.exists(dir.resolve("out")) && !Files.exists(dir.resolve("work")), "nothing created");
    }

    @Test
    void theHelpListsIt() {
        Run help = Run.of("--help");
        assertTrue(help.out().contains("  bench        [--quick] [--out DIR]"), help.out());
    }

    @Test
    void aWrongOptionIsAUsageErrorBeforeAnyCheckOfTheMachine() {
        Run run = Run.of("bench", "--bogus");
        assertEquals(Cli.BAD_INPUT, run.exit());
        assertTrue(run.err().contains("unknown option --bogus"), run.err());
    }
}
