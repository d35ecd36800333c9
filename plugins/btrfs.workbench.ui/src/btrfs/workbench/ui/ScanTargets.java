package btrfs.workbench.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.snapshot.record.Recording;

/**
 * What the Arrays view scans: the paths from the command line, images added later, and — when
 * the workbench was started without paths — this machine's block devices.
 */
public final class ScanTargets {

    private static volatile List<Path> paths = List.of();
    private static volatile boolean machine = true;

    private ScanTargets() {
    }

    public static List<Path> get() {
        return paths;
    }

    /** Whether this machine's block devices are scanned too. */
    public static boolean machine() {
        return machine;
    }

    private static volatile List<Path> snapshots = List.of();

    /** The command line's paths: with none, the machine's devices are scanned. */
    public static void set(List<Path> newPaths) {
        paths = List.copyOf(newPaths);
        machine = newPaths.isEmpty();
    }

    /**
     * Splits the command line: snapshots (*.json, *.json.gz) and recordings (told by their first
     * line) are opened, the rest scanned.
     */
    public static void fromCommandLine(List<Path> arguments) {
        List<Path> scan = new ArrayList<>();
        List<Path> open = new ArrayList<>();
        for (Path p : arguments) {
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            boolean opened = name.endsWith(".json") || name.endsWith(".json.gz") || Recording.isRecording(p);
            (opened ? open : scan).add(p);
        }
        snapshots = List.copyOf(open);
        paths = List.copyOf(scan);
        // started to look at a snapshot only: nothing of this machine needs scanning
        machine = scan.isEmpty() && open.isEmpty();
    }

    /** Snapshot and recording files named on the command line, opened once the workbench is up. */
    public static List<Path> snapshots() {
        return snapshots;
    }

    /** Adds image files (Add image files...), keeping what is scanned already. */
    public static synchronized void add(List<Path> more) {
        List<Path> all = new ArrayList<>(paths);
        more.stream().filter(p -> !all.contains(p)).forEach(all::add);
        paths = List.copyOf(all);
    }
}
