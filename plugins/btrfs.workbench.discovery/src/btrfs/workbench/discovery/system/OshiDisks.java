package btrfs.workbench.discovery.system;

import java.util.ArrayList;
import java.util.List;

import oshi.SystemInfo;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HWPartition;

/**
 * The disks OSHI sees, through libudev: its model and serial come from udev's database, which
 * knows more than sysfs (ATA and SCSI serials). Only {@code getDiskStores()} is called; the rest of
 * OSHI is slow or irrelevant here. All OSHI types stay inside this class, so a missing OSHI or JNA
 * shows as a {@link LinkageError} from {@link #read()} alone.
 * <p>
 * On Linux OSHI 6.9 skips {@code /dev/loop*} and {@code /dev/ram*}; it lists device-mapper devices
 * with the placeholder model "Logical Volume Group", their DM UUID as serial and themselves again
 * as their only "partition".
 */
final class OshiDisks {

    /** A disk as OSHI reports it; {@code null} where OSHI wrote a placeholder. */
    record Disk(String name, String model, String serial, long size, List<Part> partitions) {

        Disk {
            partitions = List.copyOf(partitions);
        }
    }

    /** A partition as OSHI reports it; major and minor -1 when OSHI did not know them. */
    record Part(String name, long size, int major, int minor) {
    }

    private static final String UNKNOWN = "unknown";

    /** OSHI's model for every device-mapper device, LVM or not: says nothing. */
    private static final String DM_MODEL = "Logical Volume Group";

    private OshiDisks() {
    }

    static List<Disk> read() {
        List<Disk> disks = new ArrayList<>();
        for (HWDiskStore store : new SystemInfo().getHardware().getDiskStores()) {
            disks.add(toDisk(store));
        }
        return disks;
    }

    private static Disk toDisk(HWDiskStore store) {
        String name = kernelName(store.getName());
        String model = known(store.getModel());
        List<Part> parts = new ArrayList<>();
        for (HWPartition partition : store.getPartitions()) {
            boolean numbered = partition.getMajor() > 0; // OSHI writes 0:0 when udev gave no numbers
            parts.add(new Part(kernelName(partition.getName()), partition.getSize(),
                    numbered ? partition.getMajor() : -1, numbered ? partition.getMinor() : -1));
        }
        return new Disk(name, DM_MODEL.equals(model) ? null : model, known(store.getSerial()), store.getSize(), parts);
    }

    /** OSHI names disks by node ({@code /dev/sda}), partitions by kernel name ({@code sda1}). */
    private static String kernelName(String name) {
        if (name == null) {
            return null;
        }
        return name.startsWith("/dev/") ? name.substring("/dev/".length()).replace('/', '!') : name;
    }

    private static String known(String value) {
        return value == null || value.isBlank() || UNKNOWN.equals(value) ? null : value.strip();
    }
}
