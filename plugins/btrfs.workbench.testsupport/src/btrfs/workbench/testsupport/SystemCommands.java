package btrfs.workbench.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs system tools (losetup, mount, mkfs.btrfs, btrfs ...): the one implementation behind the
 * root-only tests and the cold-cache benchmark ({@code releng/coldcache}). Uses no JUnit, so that
 * the benchmark's jar can carry it without a test framework.
 */
public final class SystemCommands {

    /** How long {@link #run(String...)}, the tests' shorthand, lets a tool take. */
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(1);

    private static final SystemCommands PLAIN = new SystemCommands(Map.of());

    /** What a command did: its exit code (-1 when it could not run or hung) and its output, trimmed. */
    public record Result(int exit, String output) {

        public boolean ok() {
            return exit == 0;
        }

        /** The last lines of the output, enough to say why a tool failed without flooding the terminal. */
        public String tail() {
            List<String> lines = output.lines().toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        }
    }

    /** Added to the tools' environment. */
    private final Map<String, String> environment;

    private SystemCommands(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Tools whose libblkid cache is the private file {@code blkidCache} (BLKID_FILE): tools that
     * write to devices or scan them must not fill the system's cache with loop devices that are
     * detached later (btrfs-progs would complain about them; see testdata/generate.sh).
     */
    public static SystemCommands withBlkidCache(Path blkidCache) {
        return new SystemCommands(Map.of("BLKID_FILE", blkidCache.toString()));
    }

    /** Tools with this process's environment as it is. */
    public static SystemCommands plain() {
        return PLAIN;
    }

    /** The tests' shorthand: {@code command} for at most a minute, never an exception (exit -1 instead). */
    public static Result run(String... command) {
        try {
            return PLAIN.run(TEST_TIMEOUT, command);
        } catch (CommandException e) {
            return new Result(-1, e.getMessage());
        }
    }

    /** True when this process runs as root (uid 0). */
    public static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Runs {@code command} with stdout and stderr together.
     *
     * @throws CommandException when it cannot start or does not finish within {@code timeout}
     */
    public Result run(Duration timeout, String... command) {
        try {
            Process process = builder(command).redirectErrorStream(true).start();
            // Read before waiting: a full pipe would block the tool forever.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return new Result(await(process, timeout, command), output);
        } catch (IOException e) {
            throw new CommandException("cannot run " + command[0] + ": " + e.getMessage(), e);
        }
    }

    /** {@link #run}, and a {@link CommandException} naming the command and its last output lines unless it succeeded. */
    public Result check(Duration timeout, String... command) {
        Result result = run(timeout, command);
        if (!result.ok()) {
            throw new CommandException(String.join(" ", command) + " failed (exit " + result.exit() + "): "
                    + result.tail());
        }
        return result;
    }

    /**
     * Runs a tool whose output is not wanted (one being timed): stdout discarded as
     * {@code >/dev/null} does, stderr kept in a file so that a failure can be told.
     *
     * @return the exit code and the tool's stderr
     */
    public Result discardOutput(Duration timeout, Path stderr, String... command) {
        try {
            Process process = builder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile()).start();
            int exit = await(process, timeout, command);
            return new Result(exit, Files.readString(stderr, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new CommandException("cannot run " + command[0] + ": " + e.getMessage(), e);
        }
    }

    private ProcessBuilder builder(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }

    private static int await(Process process, Duration timeout, String... command) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CommandException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted while running " + command[0], e);
        }
    }
}
