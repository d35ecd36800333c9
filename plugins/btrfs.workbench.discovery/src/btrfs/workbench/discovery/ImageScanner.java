package btrfs.workbench.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import btrfs.workbench.metadata.ReadOnlyDevice;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.SuperblockRead;
import btrfs.workbench.metadata.SuperblockReader;

/**
 * Finds btrfs arrays among image files, compressed images, block devices and directories of
 * them by reading each primary superblock (64 KiB, checksum verified) and grouping by fsid.
 * Every path is opened read-only.
 */
public final class ImageScanner {

    /** Directories are searched this deep: an array directory holding its device images, and one level more. */
    private static final int MAX_DEPTH = 3;

    private final Path cacheDir;

    /** @param cacheDir where compressed images are unpacked to */
    public ImageScanner(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /**
     * The system property {@code btrfs.workbench.cache} (tests point it below target/), else
     * {@code $XDG_CACHE_HOME/btrfs-workbench/images}, else {@code ~/.cache/btrfs-workbench/images}.
     */
    public static Path defaultCacheDir() {
        String property = System.getProperty("btrfs.workbench.cache");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("btrfs-workbench").resolve("images");
    }

    /**
     * Scans the paths. A path named explicitly that holds no btrfs superblock is reported as
     * unreadable; files inside a named directory that are not btrfs at all are passed over
     * silently, as {@code btrfs device scan} does.
     *
     * @throws CancellationException when the monitor asks to stop
     */
    public ScanResult scan(List<Path> paths, ScanMonitor monitor) {
        return scan(paths, List.of(), monitor);
    }

    /**
     * Paths and block device nodes of this machine in one scan, so that members found either way
     * group into one array. Device nodes without btrfs are passed over silently, those that
     * cannot be read (permission denied) are reported.
     */
    public ScanResult scan(List<Path> paths, List<Path> deviceNodes, ScanMonitor monitor) {
        List<Probe> found = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        for (Path node : deviceNodes) {
            probe(node, Source.DEVICE, monitor, found, unreadable);
        }
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                for (Path file : filesBelow(path, unreadable)) {
                    probe(file, Source.IN_DIRECTORY, monitor, found, unreadable);
                }
            } else {
                probe(path, Source.NAMED, monitor, found, unreadable);
            }
        }
        return new ScanResult(group(found), unreadable);
    }

    /** How a path came to be probed, which decides what is worth reporting. */
    private enum Source {
        /** Named by the user: anything but a valid btrfs superblock is reported. */
        NAMED,
        /** Found in a named directory: files that are not btrfs at all are passed over. */
        IN_DIRECTORY,
        /** A block device of the machine: as IN_DIRECTORY, but its size is not a file size. */
        DEVICE
    }

    private static List<Path> filesBelow(Path dir, List<Unreadable> unreadable) {
        try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | RuntimeException e) {
            unreadable.add(new Unreadable(dir, "cannot list directory: " + DeviceErrors.describe(e)));
            return List.of();
        }
    }

    private void probe(Path path, Source source, ScanMonitor monitor, List<Probe> found,
            List<Unreadable> unreadable) {
        boolean named = source == Source.NAMED;
        if (monitor.isCanceled()) {
            throw new CancellationException("scan cancelled");
        }
        monitor.scanning(path);
        if (source == Source.IN_DIRECTORY && !CompressedImages.isCompressed(path) && !mayHoldSuperblock(path)) {
            return;
        }
        try {
            Path readPath = CompressedImages.readablePath(path, cacheDir);
            try (ReadOnlyDevice device = ReadOnlyDevice.open(readPath)) {
                SuperblockRead primary = SuperblockReader.readAt(device, SuperblockReader.PRIMARY_OFFSET);
                switch (primary) {
                    case SuperblockRead.Valid valid -> found.add(new Probe(path, readPath, device.size(), valid.superblock()));
                    case SuperblockRead.Invalid invalid -> {
                        if (named || !invalid.notBtrfs()) {
                            unreadable.add(new Unreadable(path, invalid.reason()));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            unreadable.add(new Unreadable(path, DeviceErrors.describe(e)));
        }
    }

    private static boolean mayHoldSuperblock(Path path) {
        try {
            return Files.size(path) >= SuperblockReader.PRIMARY_OFFSET + 4096;
        } catch (IOException e) {
            return true; // let the probe report why it cannot be read
        }
    }

    private static List<BtrfsArray> group(List<Probe> probes) {
        Map<UUID, List<Probe>> byFsid = new LinkedHashMap<>();
        for (Probe probe : probes) {
            byFsid.computeIfAbsent(probe.superblock().fsid(), k -> new ArrayList<>()).add(probe);
        }
        return byFsid.values().stream().map(ImageScanner::toArray).toList();
    }

    private static BtrfsArray toArray(List<Probe> members) {
        List<String> warnings = new ArrayList<>();
        Map<Long, Probe> byDevid = new LinkedHashMap<>();
        for (Probe probe : members) {
            byDevid.merge(probe.devid(), probe, (a, b) -> newerOf(a, b, warnings));
        }
        List<Probe> used = byDevid.values().stream().sorted(Comparator.comparingLong(Probe::devid)).toList();
        Probe newest = used.stream().max(Comparator.comparingLong(Probe::generation)).orElseThrow();
        if (used.stream().anyMatch(p -> p.generation() != newest.generation())) {
            warnings.add("devices disagree on generation: " + generations(used));
        }
        Superblock sb = newest.superblock();
        Set<Long> devids = used.stream().map(Probe::devid).collect(Collectors.toSet());
        List<Long> missing = MissingDevices.of(devids, sb.numDevices(), used.stream().map(Probe::readPath).toList(),
                warnings);
        return new BtrfsArray(sb.fsid(), sb.metadataUuid(), sb.label(), sb.generation(), sb.nodesize(),
                sb.sectorsize(), csumName(sb), sb.numDevices(), used.stream().map(Probe::toDevice).toList(), missing,
                false, List.of(), warnings);
    }

    /**
     * Two paths claiming the same fsid and devid: one is a stale copy (an old dd image, a
     * re-added disk). The kernel uses the one with the higher generation; so do we, and say so.
     */
    private static Probe newerOf(Probe a, Probe b, List<String> warnings) {
        if (a.generation() == b.generation()) {
            warnings.add("devid " + a.devid() + ": " + a.path() + " and " + b.path()
                    + " are copies of the same device (generation " + a.generation() + "); using the first");
            return a;
        }
        Probe newer = b.generation() > a.generation() ? b : a;
        Probe older = newer == a ? b : a;
        warnings.add("devid " + newer.devid() + ": using " + newer.path() + " (generation " + newer.generation()
                + "), ignoring stale " + older.path() + " (generation " + older.generation() + ")");
        return newer;
    }

    private static String generations(List<Probe> used) {
        return String.join(", ", used.stream().map(p -> "devid " + p.devid() + " at " + p.generation()).toList());
    }

    private static String csumName(Superblock sb) {
        return sb.csumType().map(t -> t.displayName()).orElse("unknown (" + sb.csumTypeId() + ")");
    }

    private record Probe(Path path, Path readPath, long size, Superblock superblock) {

        long devid() {
            return superblock.devItem().devid();
        }

        long generation() {
            return superblock.generation();
        }

        ArrayDevice toDevice() {
            return new ArrayDevice(devid(), superblock.devItem().uuid(), path, readPath, size,
                    superblock.devItem().bytesUsed(), generation(), DeviceInfo.UNKNOWN);
        }
    }
}
