package btrfs.workbench.session.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A server whose arrays the workbench shows, reached with the system's {@code ssh}: so that
 * {@code ~/.ssh/config}, the agent, jump hosts and {@code known_hosts} apply, and no password
 * is ever asked or kept here (ssh runs in batch mode: keys and the agent only).
 *
 * @param user       the login, or null for ssh's default (its config, else the local user)
 * @param host       a host name, address or {@code Host} alias of the ssh config
 * @param port       the port, or 0 for ssh's default
 * @param identity   a private key file ({@code ssh -i}), or null
 * @param command    how to start the workbench on the server, as its shell reads it:
 *                   {@code btrfs-workbench} on the PATH by default, or a path, or e.g.
 *                   {@code sudo -n /opt/btrfs-workbench/btrfs-workbench} for real disks
 * @param paths      what to scan there (devices, images, directories); none: its block devices
 * @param sshOptions more options for ssh, before the host (e.g. {@code -F FILE} or
 *                   {@code -o UserKnownHostsFile=FILE})
 */
public record Server(String user, String host, int port, Path identity, String command, List<String> paths,
        List<String> sshOptions) {

    public static final String DEFAULT_COMMAND = "btrfs-workbench";

    /**
     * The ssh program and options of its own, as rsync's {@code RSYNC_RSH} or git's
     * {@code GIT_SSH_COMMAND}: e.g. {@code ssh -F ~/.ssh/nas_config}; words split at blanks.
     */
    public static final String SSH_VARIABLE = "BTRFS_WORKBENCH_SSH";

    public Server {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.startsWith("-") || host.chars().anyMatch(Character::isWhitespace)) {
            // a host starting with '-' would be read by ssh as an option
            throw new IllegalArgumentException("'" + host + "' is not a host name");
        }
        if (user != null && (user.isBlank() || user.startsWith("-") || user.contains("@"))) {
            throw new IllegalArgumentException("'" + user + "' is not a user name");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        command = command == null || command.isBlank() ? DEFAULT_COMMAND : command.strip();
        paths = List.copyOf(paths);
        sshOptions = List.copyOf(sshOptions);
    }

    /** A server with ssh's defaults for everything but the host. */
    public static Server of(String user, String host, int port) {
        return new Server(user, host, port, null, null, List.of(), List.of());
    }

    /**
     * Reads {@code ssh://[user@]host[:port][/path]}: the path, if any, is what to scan on the
     * server (a directory of images, say); without it, the server's block devices.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Server parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not ssh://[user@]host[:port][/path]: "
                    + e.getReason(), e);
        }
        if (!"ssh".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not ssh://[user@]host[:port][/path]");
        }
        String path = uri.getPath();
        List<String> paths = path == null || path.isEmpty() || path.equals("/") ? List.of() : List.of(path);
        return new Server(uri.getUserInfo(), uri.getHost(), Math.max(0, uri.getPort()), null, null, paths, List.of());
    }

    /** True if {@code text} is meant as a server: it starts with {@code ssh://}. */
    public static boolean isServer(String text) {
        return text.startsWith("ssh://");
    }

    public Server withIdentity(Path key) {
        return new Server(user, host, port, key, command, paths, sshOptions);
    }

    public Server withCommand(String workbench) {
        return new Server(user, host, port, identity, workbench, paths, sshOptions);
    }

    public Server withPaths(List<String> scanned) {
        return new Server(user, host, port, identity, command, scanned, sshOptions);
    }

    public Server withSshOptions(List<String> options) {
        return new Server(user, host, port, identity, command, paths, options);
    }

    /** How the user knows it: {@code user@host:port}, without what ssh fills in. */
    public String label() {
        return (user == null ? "" : user + "@") + host + (port == 0 ? "" : ":" + port);
    }

    /** The URI that {@link #parse} reads back (identity, command and options aside). */
    public String uri() {
        return "ssh://" + label() + (paths.size() == 1 ? paths.get(0) : "");
    }

    /**
     * The ssh command line that runs the workbench with {@code args} on the server (the program from
     * {@link #SSH_VARIABLE} if set). Batch mode:
     * no password or passphrase prompt, and a host key that is unknown or does not match is
     * refused with ssh's own message. {@code -T}: no terminal, the output is the command's
     * bytes as written.
     */
    public List<String> sshCommand(List<String> args) {
        List<String> line = new ArrayList<>(sshProgram(System.getenv(SSH_VARIABLE)));
        line.addAll(List.of("-T", "-o", "BatchMode=yes"));
        if (port != 0) {
            line.addAll(List.of("-p", Integer.toString(port)));
        }
        if (identity != null) {
            line.addAll(List.of("-i", identity.toString()));
        }
        line.addAll(sshOptions);
        line.add(user == null ? host : user + "@" + host);
        line.add("--");
        StringBuilder remote = new StringBuilder(command);
        args.forEach(a -> remote.append(' ').append(quoted(a)));
        line.add(remote.toString());
        return line;
    }

    /** The words of {@link #SSH_VARIABLE}'s value, or plain {@code ssh}. */
    static List<String> sshProgram(String variable) {
        if (variable == null || variable.isBlank()) {
            return List.of("ssh");
        }
        return List.of(variable.strip().split("\\s+"));
    }

    /** {@code text} as one word for the server's shell. */
    static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
