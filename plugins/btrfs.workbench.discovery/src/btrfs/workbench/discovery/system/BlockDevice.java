package btrfs.workbench.discovery.system;

import java.nio.file.Path;

/**
 * A block device of this machine: a disk, a partition, an attached loop device, a device-mapper
 * device. Unknown values are {@code null} (objects), {@code 0} (size) or {@code -1} (major, minor).
 *
 * @param name        the kernel's name: {@code sda1}, {@code loop0}, {@code nvme0n1p2}, {@code dm-0}
 * @param node        {@code /dev/<name>} (a {@code !} in the kernel's name stands for {@code /})
 * @param size        bytes, 0 when unknown
 * @param parent      the disk a partition is on, else {@code null}
 * @param rotational  whether the disk (for a partition: its disk) spins, {@code null} when unknown
 * @param model       the disk's model (for a partition: its disk's), {@code null} when unknown
 * @param serial      the disk's serial (for a partition: its disk's; for device-mapper: its DM UUID),
 *                    {@code null} when unknown
 * @param backingFile the file behind a loop device, else {@code null}; the kernel appends
 *                    {@code " (deleted)"} when that file has been removed
 * @param readOnly    the kernel refuses writes to the device (false when unknown)
 */
public record BlockDevice(String name, Path node, int major, int minor, long size, boolean partition,
        String parent, Boolean rotational, String model, String serial, Path backingFile, boolean readOnly) {

    /** The node of a kernel device name: {@code cciss!c0d0} lives at {@code /dev/cciss/c0d0}. */
    static Path nodeOf(String name) {
        return Path.of("/dev").resolve(name.replace('!', '/'));
    }

    /** The disk this device is on: its parent for a partition, else itself. */
    String diskName() {
        return partition && parent != null ? parent : name;
    }
}
