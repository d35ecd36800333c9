package btrfs.workbench.session.remote;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.ScanResult;
import btrfs.workbench.session.SessionException;

/**
 * The workbench's headless commands run on a {@link Server} over ssh: its version (is it
 * installed, is it new enough), its arrays ({@code scan --json}). What goes wrong is told in
 * words for the user, with ssh's own message when ssh refused (a host key that does not match,
 * a key the server does not take, a host that does not answer).
 */
public final class RemoteServer {

    /** The oldest workbench on a server that streams its runs ({@code readahead --record -}). */
    public static final String MIN_VERSION = "0.1.0";

    /** A short command that has not answered after this long is given up. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** ssh's own exit code for its failures (connection, authentication, host key). */
    static final int SSH_FAILED = 255;
    /** The server's shell: the command is not there, or not executable. */
    static final int NOT_FOUND = 127;
    static final int NOT_EXECUTABLE = 126;

    private final Server server;

    public RemoteServer(Server server) {
        this.server = server;
    }

    public Server server() {
        return server;
    }

    /** What a command printed and how it ended. */
    record Output(int exit, String out, String err) {
    }

    /**
     * Checks the installation there with {@code btrfs-workbench --version}.
     *
     * @return the version found
     * @throws SessionException when ssh cannot log in, the workbench is missing, its JDK is too old
     *                          (the start script's message), or it is older than {@link #MIN_VERSION}
     */
    public String version() throws SessionException {
        Output result = run(List.of("--version"));
        String printed = result.out().strip();
        if (result.exit() != 0 || !printed.startsWith("btrfs-workbench ")) {
            throw failure("--version", result);
        }
        String version = printed.substring("btrfs-workbench ".length()).strip();
        if (compare(version, MIN_VERSION) < 0) {
            throw new SessionException(server.label() + " has btrfs-workbench " + version + ", older than "
                    + MIN_VERSION + ", which this one needs there: install the same product archive on the server");
        }
        return version;
    }

    /** The server's arrays: {@code scan --json} of its {@link Server#paths()}, or of its block devices. */
    public ScanResult scan() throws SessionException {
        List<String> args = new ArrayList<>(List.of("scan", "--json"));
        args.addAll(server.paths());
        // exit 2 with JSON: a named path could not be used; the JSON says which and why
        return ScanJson.read(json("scan", args), server.label());
    }

    /** The trees of {@code array} (one of this server's): {@code trees --json} of its devices there. */
    public TreeList trees(BtrfsArray array) throws SessionException {
        List<String> args = new ArrayList<>(List.of("trees", "--json"));
        array.devices().forEach(d -> args.add(d.path().toString()));
        return TreeList.read(json("trees", args), server.label());
    }

    /**
     * What a {@code --json} command printed: a failure only when it printed no JSON (with JSON, a
     * non-zero exit says that some of what it was named could not be used, and the JSON says why).
     */
    private String json(String what, List<String> args) throws SessionException {
        Output result = run(args);
        if (result.exit() != 0 && !result.out().startsWith("{")) {
            throw failure(what, result);
        }
        return result.out();
    }

    /**
     * Starts ssh running the workbench with {@code args} on {@code server}, its stdin empty (the
     * commands read none; a closed stdin also keeps ssh from waiting for a terminal).
     */
    static Process startSsh(Server server, List<String> args) throws SessionException {
        ProcessBuilder builder = new ProcessBuilder(server.sshCommand(args));
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new SessionException("cannot start ssh to reach " + server.label() + ": " + e.getMessage(), e);
        }
    }

    private Output run(List<String> args) throws SessionException {
        Process process = startSsh(server, args);
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SessionException(server.label() + " did not answer " + args.get(0) + " within "
                        + TIMEOUT.toSeconds() + " s");
            }
            return new Output(process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SessionException("interrupted while asking " + server.label(), e);
        } catch (ExecutionException e) {
            throw new SessionException("reading the answer of " + server.label() + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Reads a process's stream to its end on a thread of its own (both pipes must be drained at once). */
    static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        }, "ssh-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    /** The failure of {@code what} on the server, as the user should read it. */
    SessionException failure(String what, Output result) {
        return new SessionException(problem(server, what, result.exit(), result.err()));
    }

    /** Why the workbench's {@code what} did not work on {@code server}: ssh's words, or the server's. */
    static String problem(Server server, String what, int exit, String stderr) {
        String said = lastLines(stderr);
        return switch (exit) {
            case SSH_FAILED -> "ssh could not run btrfs-workbench on " + server.label()
                    + (said.isEmpty() ? "" : ": " + said);
            case NOT_FOUND, NOT_EXECUTABLE -> "btrfs-workbench is not installed on " + server.label() + " ('"
                    + server.command() + "' " + (exit == NOT_FOUND ? "not found" : "cannot be run")
                    + "): unpack the product archive there and give its start script's path (docs/cli.md)"
                    + (said.isEmpty() ? "" : "; the server said: " + said);
            default -> "btrfs-workbench " + what + " on " + server.label() + " failed (exit " + exit + ")"
                    + (said.isEmpty() ? "" : ": " + said);
        };
    }

    /** The last few lines of what a program said on stderr, joined: the reason is at the end. */
    static String lastLines(String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    /** Compares dotted versions by their first three numbers (a build qualifier does not count). */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int number(String[] parts, int i) {
        try {
            return i < parts.length ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return -1; // "unknown": older than anything
        }
    }
}
