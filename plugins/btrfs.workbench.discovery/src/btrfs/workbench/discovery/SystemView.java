package btrfs.workbench.discovery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import btrfs.workbench.discovery.system.BlockDevice;
import btrfs.workbench.discovery.system.Mount;
import btrfs.workbench.discovery.system.MountTable;
import btrfs.workbench.discovery.system.SysfsFilesystem;

/**
 * What the running system says about scanned arrays: device details from the block device
 * list, and which filesystems the kernel has mounted, where.
 */
final class SystemView {

    private final Map<Path, BlockDevice> byNode = new HashMap<>();
    private final Map<String, BlockDevice> byName = new HashMap<>();
    private final MountTable mounts;
    private final List<SysfsFilesystem> mounted;

    SystemView(List<BlockDevice> devices, MountTable mounts, List<SysfsFilesystem> mounted) {
        for (BlockDevice device : devices) {
            byNode.put(real(device.node()), device);
            byName.put(device.name(), device);
        }
        this.mounts = mounts;
        this.mounted = mounted;
    }

    /** The array with its devices' details and its mount state. */
    BtrfsArray describe(BtrfsArray array) {
        List<ArrayDevice> devices = new ArrayList<>();
        for (ArrayDevice device : array.devices()) {
            BlockDevice block = byNode.get(real(device.path()));
            devices.add(block == null ? device : device.withInfo(info(block)));
        }
        SysfsFilesystem kernel = kernelView(array);
        return array.withDevices(devices).withMounts(kernel != null, kernel == null ? List.of() : mountpoints(kernel));
    }

    /**
     * Mounted filesystems none of whose devices could be read (no permission): what sysfs
     * tells is all there is, so that a normal user still sees them.
     */
    List<BtrfsArray> unreadMounted(List<BtrfsArray> found) {
        Set<UUID> seen = new HashSet<>();
        found.forEach(a -> seen.add(a.fsid()));
        List<BtrfsArray> partial = new ArrayList<>();
        for (SysfsFilesystem fs : mounted) {
            if (!seen.contains(fs.fsid())) {
                partial.add(partial(fs));
            }
        }
        return partial;
    }

    private BtrfsArray partial(SysfsFilesystem fs) {
        Map<String, Long> devidOf = new HashMap<>();
        fs.devidToName().forEach((devid, name) -> devidOf.put(name, devid));
        List<ArrayDevice> devices = new ArrayList<>();
        for (String name : fs.deviceNames()) {
            BlockDevice block = byName.get(name);
            Path node = block != null ? block.node() : Path.of("/dev", name);
            devices.add(new ArrayDevice(devidOf.getOrDefault(name, 0L), null, node, node,
                    block != null ? block.size() : 0, 0, 0, block != null ? info(block) : DeviceInfo.UNKNOWN));
        }
        return new BtrfsArray(fs.fsid(), fs.fsid(), fs.label() == null ? "" : fs.label(), 0, 0, 0, "unknown",
                fs.deviceNames().size(), devices, List.of(), true, mountpoints(fs),
                List.of("mounted, but the superblocks of its devices could not be read: details from /sys/fs/btrfs/"
                        + fs.fsid() + " only"));
    }

    private SysfsFilesystem kernelView(BtrfsArray array) {
        for (SysfsFilesystem fs : mounted) {
            if (fs.fsid().equals(array.fsid())) {
                return fs;
            }
        }
        return null;
    }

    /** Every place a filesystem is mounted (a subvolume mounted twice counts once per mount point). */
    private List<Path> mountpoints(SysfsFilesystem fs) {
        Set<Path> points = new LinkedHashSet<>();
        for (String name : fs.deviceNames()) {
            BlockDevice device = byName.get(name);
            if (device != null) {
                for (Mount mount : mounts.of(device.major(), device.minor())) {
                    if ("btrfs".equals(mount.fsType())) {
                        points.add(mount.mountPoint());
                    }
                }
            }
        }
        return List.copyOf(points);
    }

    private static DeviceInfo info(BlockDevice device) {
        return new DeviceInfo(device.rotational(), device.model(), device.backingFile());
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | SecurityException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
