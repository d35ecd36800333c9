package btrfs.workbench.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import btrfs.workbench.bench.BenchException;

/** Runs the system tools the benchmark drives (mkfs.btrfs, losetup, mount, btrfs ...). */
public final class Commands {

    /** What a command did: its exit code and its output (stdout and stderr together), trimmed. */
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

    /** Tools that write to devices or scan them read a private blkid cache, never the system's (see generate.sh). */
    private final Map<String, String> environment;

    /** @param blkidCache the private libblkid cache file btrfs-progs use (BLKID_FILE) */
    public Commands(Path blkidCache) {
        this.environment = Map.of("BLKID_FILE", blkidCache.toString());
    }

    /** Runs {@code command}, failing after {@code timeout}; output kept. */
    public Result run(Duration timeout, String... command) throws BenchException {
        ProcessBuilder builder = builder(command).redirectErrorStream(true);
        try {
            Process process = builder.start();
            // Read before waiting: a full pipe would block the tool forever.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return new Result(await(process, timeout, command), output);
        } catch (IOException e) {
            throw new BenchException("cannot run " + command[0] + ": " + e.getMessage(), e);
        }
    }

    /** {@link #run}, and a {@link BenchException} naming the command and its last output lines unless it succeeded. */
    public Result check(Duration timeout, String... command) throws BenchException {
        Result result = run(timeout, command);
        if (!result.ok()) {
            throw new BenchException(String.join(" ", command) + " failed (exit " + result.exit() + "): "
                    + result.tail());
        }
        return result;
    }

    /**
     * Runs a tool whose output is not wanted (a peer being timed): stdout discarded as
     * {@code >/dev/null} does, stderr kept in a file so that a failure can be told.
     *
     * @return the exit code and the tool's stderr
     */
    public Result discardOutput(Duration timeout, Path stderr, String... command) throws BenchException {
        ProcessBuilder builder = builder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile());
        try {
            Process process = builder.start();
            int exit = await(process, timeout, command);
            return new Result(exit, Files.readString(stderr, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new BenchException("cannot run " + command[0] + ": " + e.getMessage(), e);
        }
    }

    private ProcessBuilder builder(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }

    private static int await(Process process, Duration timeout, String... command) throws BenchException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BenchException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while running " + command[0], e);
        }
    }
}
