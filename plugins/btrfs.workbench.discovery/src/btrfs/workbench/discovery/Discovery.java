package btrfs.workbench.discovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import btrfs.workbench.discovery.system.BlockDevice;
import btrfs.workbench.discovery.system.BlockDevices;
import btrfs.workbench.discovery.system.MountTable;
import btrfs.workbench.discovery.system.SysfsBtrfs;
import btrfs.workbench.discovery.system.SysfsFilesystem;
import btrfs.workbench.metadata.SuperblockReader;

/**
 * Finds the btrfs arrays an admin has: on this machine's block devices (disks, partitions, loop
 * and device-mapper devices, from OSHI and sysfs) or on given devices, images and directories,
 * each primary superblock read and grouped by fsid; then told what the system knows about them
 * (rotational, model, loop backing file, mounted where). Opens every device read-only.
 */
public final class Discovery {

    /** A device smaller than this cannot hold the primary superblock. */
    private static final long MIN_BTRFS_SIZE = SuperblockReader.PRIMARY_OFFSET + 4096;

    private final ImageScanner scanner;

    /** @param cacheDir where compressed images are unpacked to */
    public Discovery(Path cacheDir) {
        this.scanner = new ImageScanner(Objects.requireNonNull(cacheDir, "cacheDir"));
    }

    /**
     * Scans {@code paths}, or this machine's block devices when there are none. Devices the
     * user may not read are listed as unreadable with the reason; mounted filesystems whose
     * devices could not be read still appear, with what sysfs tells about them.
     */
    public ScanResult scan(List<Path> paths, ScanMonitor monitor) {
        return scan(paths, paths.isEmpty(), monitor);
    }

    /**
     * Scans {@code paths} and, with {@code machine}, this machine's block devices as well (the
     * GUI started without paths, with image files added later).
     */
    public ScanResult scan(List<Path> paths, boolean machine, ScanMonitor monitor) {
        List<BlockDevice> devices = machine ? BlockDevices.list(true) : null;
        List<SysfsFilesystem> mounted = SysfsBtrfs.list();
        ScanResult found = scanner.scan(paths, machine ? candidates(devices) : List.of(), monitor);
        if (devices == null) {
            // OSHI's model and serial describe block devices only: a scan of image files alone
            // does without it (starting it took a tenth of a second of a CLI scan)
            devices = BlockDevices.list(hasBlockDevice(found));
        }
        SystemView system = new SystemView(devices, MountTable.read(), mounted);
        List<BtrfsArray> arrays = new ArrayList<>();
        for (BtrfsArray array : found.arrays()) {
            arrays.add(system.describe(array));
        }
        if (machine) {
            arrays.addAll(system.unreadMounted(found.arrays()));
        }
        return new ScanResult(arrays, found.unreadable());
    }

    /** Whether a device of the arrays found is not a regular file: a block device, which OSHI may describe. */
    private static boolean hasBlockDevice(ScanResult found) {
        return found.arrays().stream().flatMap(a -> a.devices().stream())
                .anyMatch(d -> d.path() != null && !Files.isRegularFile(d.path()));
    }

    private static List<Path> candidates(List<BlockDevice> devices) {
        List<Path> nodes = new ArrayList<>();
        for (BlockDevice device : devices) {
            // sysfs knows every block device's size; 0 is an empty device (an unconfigured zram,
            // an ejected medium), which holds no filesystem
            if (device.size() >= MIN_BTRFS_SIZE) {
                nodes.add(device.node());
            }
        }
        return nodes;
    }
}
