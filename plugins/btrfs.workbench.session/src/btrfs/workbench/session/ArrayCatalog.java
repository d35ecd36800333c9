package btrfs.workbench.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.Discovery;
import btrfs.workbench.discovery.ImageScanner;
import btrfs.workbench.discovery.ScanMonitor;
import btrfs.workbench.discovery.ScanResult;
import btrfs.workbench.snapshot.record.Recording;

/**
 * The arrays a user can read: what to scan (paths named on the command line, images added later,
 * and this machine's block devices when no path was named) and what the newest scan found. The
 * Arrays view shows it, the launch command offers its arrays (also with that view closed), and
 * the CLI's {@code scan} prints it.
 */
public final class ArrayCatalog {

    private static final ArrayCatalog WORKBENCH = new ArrayCatalog();

    private final List<Consumer<ScanResult>> listeners = new CopyOnWriteArrayList<>();
    private List<Path> paths = List.of();
    private boolean machine = true;
    private List<Path> toOpen = List.of();
    private ScanResult result = new ScanResult(List.of(), List.of());
    /** Counts scans started: a scan that finishes after a newer one started is dropped. */
    private long scansStarted;

    /** The catalog of the running workbench. */
    public static ArrayCatalog workbench() {
        return WORKBENCH;
    }

    /** Paths to scan: with none, this machine's block devices are scanned. */
    public synchronized void setTargets(List<Path> newPaths) {
        paths = List.copyOf(newPaths);
        machine = newPaths.isEmpty();
    }

    /**
     * Splits a command line: snapshots (*.json, *.json.gz) and recordings (told by their first
     * line) are to be opened, the rest scanned. Started with snapshots only, nothing of this
     * machine is scanned.
     */
    public synchronized void setCommandLine(List<Path> arguments) {
        List<Path> scan = new ArrayList<>();
        List<Path> open = new ArrayList<>();
        for (Path p : arguments) {
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            boolean opened = name.endsWith(".json") || name.endsWith(".json.gz") || Recording.isRecording(p);
            (opened ? open : scan).add(p);
        }
        toOpen = List.copyOf(open);
        paths = List.copyOf(scan);
        machine = scan.isEmpty() && open.isEmpty();
    }

    /** Adds image files (Add image files...), keeping what is scanned already. */
    public synchronized void addImages(List<Path> more) {
        List<Path> all = new ArrayList<>(paths);
        more.stream().filter(p -> !all.contains(p)).forEach(all::add);
        paths = List.copyOf(all);
    }

    public synchronized List<Path> targets() {
        return paths;
    }

    /** Whether this machine's block devices are scanned too. */
    public synchronized boolean scansMachine() {
        return machine;
    }

    /** Snapshot and recording files named on the command line, to open once the workbench is up. */
    public synchronized List<Path> toOpen() {
        return toOpen;
    }

    /**
     * Scans the targets now (on the calling thread; the monitor can cancel) and, unless a newer
     * scan started meanwhile, keeps the result and tells the listeners.
     */
    public ScanResult scan(ScanMonitor monitor) {
        List<Path> scanPaths;
        boolean scanMachine;
        long ticket;
        synchronized (this) {
            scanPaths = paths;
            scanMachine = machine;
            ticket = ++scansStarted;
        }
        ScanResult scanned = new Discovery(ImageScanner.defaultCacheDir()).scan(scanPaths, scanMachine, monitor);
        synchronized (this) {
            if (ticket != scansStarted) {
                return scanned;
            }
            result = scanned;
        }
        listeners.forEach(l -> l.accept(scanned));
        return scanned;
    }

    /** Whether a scan was ever started. */
    public synchronized boolean scanned() {
        return scansStarted > 0;
    }

    /** The label of {@code array}, or its fsid when it has none: how the user knows it. */
    public static String nameOf(BtrfsArray array) {
        return array.label().isEmpty() ? array.fsid().toString() : array.label();
    }

    /** The newest scan's result (empty before the first). */
    public synchronized ScanResult result() {
        return result;
    }

    /** The arrays a readahead can be launched on: those with a device present. */
    public List<BtrfsArray> launchable() {
        return result().arrays().stream().filter(a -> !a.devices().isEmpty()).toList();
    }

    /** The array a row of the Arrays view belongs to: an array, one of its devices or missing devices. */
    public BtrfsArray arrayOf(Object row) {
        return switch (row) {
            case BtrfsArray a -> a;
            case MissingDevice m -> m.array();
            case ArrayDevice d -> result().arrays().stream().filter(a -> a.devices().contains(d)).findFirst()
                    .orElse(null);
            case null, default -> null;
        };
    }

    /** Told (on the scanning thread) of every result kept. */
    public void addListener(Consumer<ScanResult> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ScanResult> listener) {
        listeners.remove(listener);
    }
}
