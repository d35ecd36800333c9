package btrfs.workbench.discovery.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Block devices as {@code /sys/class/block} describes them: every disk and partition the kernel
 * has, loop and device-mapper devices included. Each entry is a link into {@code /sys/devices},
 * where a partition's directory sits inside its disk's.
 */
final class SysfsBlock {

    static final Path CLASS_BLOCK = Path.of("/sys/class/block");

    private static final long SECTOR = 512; // sysfs counts sizes in 512-byte sectors, whatever the device's

    private SysfsBlock() {
    }

    /** Every entry, by name; empty when the directory cannot be read. */
    static Map<String, BlockDevice> readAll(Path classBlock) {
        Map<String, BlockDevice> devices = new LinkedHashMap<>();
        for (String name : Sysfs.names(classBlock)) {
            devices.put(name, read(classBlock, name));
        }
        return devices;
    }

    static BlockDevice read(Path classBlock, String name) {
        Path dir = classBlock.resolve(name);
        DevNumber dev = DevNumber.parse(Sysfs.text(dir.resolve("dev")));
        boolean partition = Files.exists(dir.resolve("partition"));
        String parent = partition ? parentOf(dir) : null;
        Path disk = parent != null ? classBlock.resolve(parent) : dir;
        Long sectors = Sysfs.number(dir.resolve("size"));
        return new BlockDevice(name, BlockDevice.nodeOf(name), dev == null ? -1 : dev.major(),
                dev == null ? -1 : dev.minor(), sectors == null || sectors < 0 ? 0 : sectors * SECTOR, partition,
                parent, Sysfs.flag(disk.resolve("queue/rotational")), Sysfs.text(disk.resolve("device/model")),
                serialOf(disk), backingFileOf(dir), Boolean.TRUE.equals(Sysfs.flag(dir.resolve("ro"))));
    }

    /** {@code /sys/class/block/sda1 -> ../../devices/.../block/sda/sda1}: the disk is the directory above. */
    private static String parentOf(Path dir) {
        try {
            Path above = dir.toRealPath().getParent();
            Path name = above == null ? null : above.getFileName();
            return name == null || name.toString().equals("block") ? null : name.toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** virtio has {@code serial} on the disk, NVMe and MMC on its device; device-mapper its DM UUID. */
    private static String serialOf(Path disk) {
        for (String attribute : new String[] { "serial", "device/serial", "dm/uuid" }) {
            String serial = Sysfs.text(disk.resolve(attribute));
            if (serial != null) {
                return serial;
            }
        }
        return null;
    }

    private static Path backingFileOf(Path dir) {
        String file = Sysfs.read(dir.resolve("loop/backing_file"));
        try {
            return file == null || file.isEmpty() ? null : Path.of(file);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
