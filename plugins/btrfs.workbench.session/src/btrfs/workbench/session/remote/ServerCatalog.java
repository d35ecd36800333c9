package btrfs.workbench.session.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.ScanResult;
import btrfs.workbench.session.MissingDevice;
import btrfs.workbench.session.SessionException;

/**
 * The servers connected in this session and the arrays each holds, as the Arrays view shows them
 * below this machine's arrays; the GUI has one ({@link #workbench()}). Connecting checks the
 * workbench there and scans; nothing is kept between sessions but what the Connect dialog
 * remembers (no password: ssh's keys and agent do the logging in).
 */
public final class ServerCatalog {

    /** A server as last scanned: its workbench's version and what its scan found. */
    public record Connected(Server server, String version, ScanResult scan) {

        /** The arrays there, as rows that know their server. */
        public List<RemoteArray> arrays() {
            return scan.arrays().stream().map(a -> new RemoteArray(server, a)).toList();
        }
    }

    /** An array on a server: a row of the Arrays view, and what a remote launch starts from. */
    public record RemoteArray(Server server, BtrfsArray array) {

        /** Its devices there, as rows that know their array. */
        public List<RemoteDevice> devices() {
            return array.devices().stream().map(d -> new RemoteDevice(this, d)).toList();
        }
    }

    /** A device of an array on a server. */
    public record RemoteDevice(RemoteArray parent, ArrayDevice device) {
    }

    private static final ServerCatalog WORKBENCH = new ServerCatalog();

    private final List<Connected> connected = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Server> commandLine = List.of();

    /** The GUI's catalog. */
    public static ServerCatalog workbench() {
        return WORKBENCH;
    }

    /** Servers named on the command line ({@code ssh://...}), to connect once the GUI is up. */
    public void setCommandLine(List<Server> servers) {
        commandLine = List.copyOf(servers);
    }

    public List<Server> commandLine() {
        return commandLine;
    }

    /**
     * Checks the workbench on {@code server} and scans there (both over ssh: call it off the UI
     * thread), then shows it in place of an earlier connection to the same {@link Server#label()}.
     *
     * @throws SessionException in words for the user: ssh's message, a missing or old workbench
     */
    public Connected connect(Server server) throws SessionException {
        RemoteServer remote = new RemoteServer(server);
        String version = remote.version();
        Connected now = new Connected(server, version, remote.scan());
        synchronized (this) {
            connected.removeIf(c -> c.server().label().equals(server.label()));
            connected.add(now);
        }
        listeners.forEach(Runnable::run);
        return now;
    }

    public List<Connected> servers() {
        return new ArrayList<>(connected);
    }

    /** The array on a server that a row of the Arrays view belongs to, or null for this machine's rows. */
    public RemoteArray arrayOf(Object row) {
        return switch (row) {
            case RemoteArray a -> a;
            case RemoteDevice d -> d.parent();
            case MissingDevice m -> find(m.array());
            case null, default -> null;
        };
    }

    private RemoteArray find(BtrfsArray array) {
        for (Connected c : connected) {
            for (BtrfsArray a : c.scan().arrays()) {
                if (a == array) { // the same scan's object: a local array may be equal in value
                    return new RemoteArray(c.server(), a);
                }
            }
        }
        return null;
    }

    /** Told (on the connecting thread) when a server was connected or scanned again. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
