package btrfs.workbench.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real OpenSSH server on localhost for the remote-array tests: started on a free port with a
 * throwaway host key, taking one throwaway user key for root, its own config and state in a
 * test directory ({@code XDG_STATE_HOME} of the remote commands points there too). Clients use
 * {@link #sshOptions()} (the test's known_hosts, no user config) and {@link #identity()}.
 */
public final class SshServer implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration START = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final Process sshd;

    private SshServer(Path dir, int port, Process sshd) {
        this.dir = dir;
        this.port = port;
        this.sshd = sshd;
    }

    /**
     * Why no server can run here (for the test's skip message), or empty: sshd (openssh-server)
     * and ssh-keygen must be installed, and the tests must run as root (sshd switches to the user).
     */
    public static Optional<String> unavailable() {
        if (!Files.isExecutable(SSHD)) {
            return Optional.of("no " + SSHD + " (apt-get install openssh-server)");
        }
        if (!SystemCommands.isRoot()) {
            return Optional.of("sshd needs root to log a user in");
        }
        if (SystemCommands.run("ssh-keygen", "-?").exit() == -1 || SystemCommands.run("ssh", "-V").exit() == -1) {
            return Optional.of("no ssh or ssh-keygen (apt-get install openssh-client)");
        }
        return Optional.empty();
    }

    /** Starts a server keeping its keys, config and state in {@code dir}. */
    public static SshServer start(Path dir) throws IOException {
        return start(dir, null);
    }

    /**
     * As {@link #start(Path)}, with {@code onPath} first on the PATH of the commands it runs (where
     * a server's admin would have linked {@code btrfs-workbench}); null: the system's PATH.
     */
    public static SshServer start(Path dir, Path onPath) throws IOException {
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("id"));
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        int port = freePort();
        Path config = Files.write(dir.resolve("sshd_config"), List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "SetEnv XDG_STATE_HOME=" + dir.resolve("state") + " XDG_CACHE_HOME=" + dir.resolve("cache")
                        + (onPath == null ? "" : " PATH=" + onPath + ":/usr/local/bin:/usr/bin:/bin"),
                "LogLevel ERROR"));
        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        SshServer server = new SshServer(dir, port, sshd);
        server.awaitListening();
        Files.writeString(server.knownHosts(), "[localhost]:" + port + " " + publicKey(dir.resolve("host_key.pub"))
                + "\n");
        return server;
    }

    private static void keygen(Path key) {
        SystemCommands.Result made = SystemCommands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                "btrfs-workbench-test", "-f", key.toString());
        if (!made.ok()) {
            throw new CommandException("ssh-keygen failed: " + made.tail());
        }
    }

    /** The key's type and base64, without its comment. */
    private static String publicKey(Path file) throws IOException {
        String[] parts = Files.readString(file).strip().split(" ");
        return parts[0] + " " + parts[1];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!sshd.isAlive()) {
                throw new IOException("sshd ended at once: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IOException("sshd did not listen on port " + port + " within " + START.toSeconds() + " s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return port;
    }

    /** The user key root logs in with. */
    public Path identity() {
        return dir.resolve("id");
    }

    /** A known_hosts file holding this server's host key, for {@code [localhost]:PORT}. */
    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /** Where the remote commands keep their per-user state ({@code XDG_STATE_HOME}). */
    public Path state() {
        return dir.resolve("state");
    }

    /**
     * ssh options for a client of this server: the test's known_hosts only (a host key that does
     * not match is refused), and no user or system config that could change what is tested.
     */
    public List<String> sshOptions() {
        return sshOptions(knownHosts());
    }

    /**
     * An ssh config file for {@code Host localhost} that logs in to this server as root with the
     * test's key and known_hosts: what a user's {@code ~/.ssh/config} would say.
     */
    public Path clientConfig() throws IOException {
        return Files.write(dir.resolve("client_config"), List.of(
                "Host localhost",
                "  User root",
                "  Port " + port,
                "  IdentityFile " + identity(),
                "  IdentitiesOnly yes",
                "  UserKnownHostsFile " + knownHosts(),
                "  GlobalKnownHostsFile /dev/null",
                "  StrictHostKeyChecking yes"));
    }

    /** {@link #sshOptions()} with another known_hosts file (one holding a wrong key, say). */
    public List<String> sshOptions(Path knownHostsFile) {
        return List.of("-F", "/dev/null", "-o", "UserKnownHostsFile=" + knownHostsFile, "-o",
                "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10",
                "-o", "ServerAliveInterval=2", "-o", "ServerAliveCountMax=3");
    }

    /** True if a command this server started (for a client) is running, its command line naming {@code marker}. */
    public boolean runs(String marker) {
        return sshd.descendants().anyMatch(p -> commandLine(p).contains(marker));
    }

    /** True if {@code process} is the server or was started by it (a connection's sshd, its commands). */
    public boolean serves(ProcessHandle process) {
        return process.pid() == sshd.pid() || sshd.descendants().anyMatch(p -> p.pid() == process.pid());
    }

    /**
     * A process's whole command line from {@code /proc} ("" once it ended): {@code
     * ProcessHandle.Info} gives none for a long one, and a JVM's class path makes it long.
     */
    public static String commandLine(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Kills the server and the sshd process of every connection it serves, as a crash of sshd
     * would: clients see their connection drop. The commands it started are left alone: whether
     * they end by themselves is what a test may want to see.
     */
    public void kill() {
        sshd.descendants().filter(p -> p.info().command().orElse("").endsWith("sshd"))
                .forEach(ProcessHandle::destroyForcibly);
        sshd.destroyForcibly();
    }

    /** Ends the server and everything it started. */
    @Override
    public void close() {
        sshd.descendants().forEach(ProcessHandle::destroyForcibly);
        sshd.destroyForcibly();
        try {
            sshd.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
