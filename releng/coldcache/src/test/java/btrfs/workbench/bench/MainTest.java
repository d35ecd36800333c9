package btrfs.workbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.bench.system.Host;

/** The entry point's exit codes and stderr lines, on machines it cannot run on (no root needed). */
class MainTest {

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

    private record Run(int exit, String out, String err) {

        static Run of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = new Main(commands -> USER, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args), Map.of());
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void withoutRootItSaysSoAndExitsTwoWithoutTouchingAnything() {
        Run run = Run.of("--quick", "--out", dir.resolve("out").toString(), "--work", dir.resolve("work").toString());
        assertEquals(Main.CANNOT_RUN, run.exit());
        assertTrue(run.err().startsWith("btrfs-workbench: bench cannot run here: it must run as root"), run.err());
        assertEquals("", run.out());
        assertTrue(!Files.exists(dir.resolve("out")) && !Files.exists(dir.resolve("work")), "nothing created");
    }

    @Test
    void theHelpShowsTheOptions() {
        Run help = Run.of("--help");
        assertEquals(Main.OK, help.exit());
        assertTrue(help.out().startsWith("usage: btrfs-workbench bench [--quick] [--out DIR] [--work DIR] [--runs N]"),
                help.out());
    }

    @Test
    void theProbeHasItsOwnHelpAndChecksTheMachineAsTheBenchDoes() {
        Run help = Run.of("probe", "--help");
        assertEquals(Main.OK, help.exit());
        assertTrue(help.out().startsWith("usage: btrfs-workbench bench probe ARRAY"), help.out());
        Run run = Run.of("probe", "dup-1dev", "--work", dir.resolve("work").toString());
        assertEquals(Main.CANNOT_RUN, run.exit());
        assertTrue(run.err().startsWith("btrfs-workbench: bench probe cannot run here: it must run as root"),
                run.err());
        assertTrue(!Files.exists(dir.resolve("work")), "nothing created");
        Run wrong = Run.of("probe", "dup-1dev", "reada-sideways");
        assertEquals(Main.CANNOT_RUN, wrong.exit());
        assertTrue(wrong.err().startsWith("btrfs-workbench: no benchmark method 'reada-sideways'"), wrong.err());
    }

    @Test
    void aWrongOptionIsAUsageErrorBeforeAnyCheckOfTheMachine() {
        Run run = Run.of("--bogus");
        assertEquals(Main.CANNOT_RUN, run.exit());
        assertEquals("btrfs-workbench: unknown option --bogus (see --help)\n", run.err());
    }
}
