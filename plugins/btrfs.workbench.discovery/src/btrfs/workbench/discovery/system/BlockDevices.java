package btrfs.workbench.discovery.system;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The block devices of this machine, disks and partitions, one entry per kernel name.
 * <p>
 * OSHI gives the disks and partitions with udev's model and serial; {@code /sys/class/block} adds
 * what OSHI leaves out and a btrfs admin needs: loop devices and their backing files, rotational,
 * read-only, device numbers of disks, and every device OSHI did not list. When OSHI fails (no
 * libudev, no JNA) sysfs alone still gives the complete list. No device is opened.
 */
public final class BlockDevices {

    /** Devices that hold no data a btrfs admin could care about: compressed swap and RAM disks. */
    private static final Pattern MEMORY = Pattern.compile("(zram|ram)\\d+");
    private static final Pattern LOOP = Pattern.compile("loop\\d+");
    private static final Pattern NBD = Pattern.compile("nbd\\d+");

    private static final Comparator<BlockDevice> ORDER = Comparator
            .comparing(BlockDevice::diskName, NaturalOrder.INSTANCE).thenComparing(BlockDevice::partition)
            .thenComparing(BlockDevice::name, NaturalOrder.INSTANCE);

    private BlockDevices() {
    }

    /**
     * One enumeration and how OSHI fared in it.
     *
     * @param oshiNanos   time spent in OSHI
     * @param oshiFailure why OSHI gave nothing, or {@code null}
     */
    record Listing(List<BlockDevice> devices, long oshiNanos, Throwable oshiFailure) {

        Listing {
            devices = List.copyOf(devices);
        }
    }

    /**
     * Disks, partitions, attached loop devices and device-mapper devices, disks before their
     * partitions; with {@code oshi}, the disks' model and serial from udev through OSHI as well
     * (sysfs alone otherwise).
     */
    public static List<BlockDevice> list(boolean oshi) {
        return listing(SysfsBlock.CLASS_BLOCK, oshi ? OshiDisks::read : List::of).devices();
    }

    /** @param oshi the disks from OSHI; anything it throws means sysfs alone is used */
    static Listing listing(Path classBlock, Supplier<List<OshiDisks.Disk>> oshi) {
        Map<String, BlockDevice> devices = SysfsBlock.readAll(classBlock);
        long start = System.nanoTime();
        List<OshiDisks.Disk> disks = List.of();
        Throwable failure = null;
        try {
            List<OshiDisks.Disk> got = oshi.get();
            disks = got == null ? List.of() : got;
        } catch (VirtualMachineError e) {
            throw e; // out of memory is not an odd machine
        } catch (Throwable e) { // LinkageError too: JNA or libudev missing, OSHI not resolvable
            failure = e;
        }
        long oshiNanos = System.nanoTime() - start;
        for (OshiDisks.Disk disk : disks) {
            addOshi(devices, disk);
        }
        return new Listing(finish(devices), oshiNanos, failure);
    }

    private static void addOshi(Map<String, BlockDevice> devices, OshiDisks.Disk disk) {
        if (disk == null || disk.name() == null) {
            return;
        }
        devices.put(disk.name(), withOshiDisk(devices.get(disk.name()), disk));
        for (OshiDisks.Part part : disk.partitions()) {
            // OSHI lists a device-mapper device again as its own partition
            if (part != null && part.name() != null && !part.name().equals(disk.name())) {
                devices.put(part.name(), withOshiPart(devices.get(part.name()), part, disk.name()));
            }
        }
    }

    /** OSHI's size, model and serial where it knows them; sysfs for the rest. */
    private static BlockDevice withOshiDisk(BlockDevice sys, OshiDisks.Disk disk) {
        if (sys == null) {
            return new BlockDevice(disk.name(), BlockDevice.nodeOf(disk.name()), -1, -1, Math.max(0, disk.size()),
                    false, null, null, disk.model(), disk.serial(), null, false);
        }
        return new BlockDevice(sys.name(), sys.node(), sys.major(), sys.minor(),
                disk.size() > 0 ? disk.size() : sys.size(), sys.partition(), sys.parent(), sys.rotational(),
                firstKnown(disk.model(), sys.model()), firstKnown(disk.serial(), sys.serial()), sys.backingFile(),
                sys.readOnly());
    }

    private static BlockDevice withOshiPart(BlockDevice sys, OshiDisks.Part part, String disk) {
        if (sys == null) {
            return new BlockDevice(part.name(), BlockDevice.nodeOf(part.name()), part.major(), part.minor(),
                    Math.max(0, part.size()), true, disk, null, null, null, null, false);
        }
        boolean numbered = part.major() > 0;
        return new BlockDevice(sys.name(), sys.node(), numbered ? part.major() : sys.major(),
                numbered ? part.minor() : sys.minor(), part.size() > 0 ? part.size() : sys.size(), sys.partition(),
                sys.parent() != null ? sys.parent() : disk, sys.rotational(), sys.model(), sys.serial(),
                sys.backingFile(), sys.readOnly());
    }

    private static List<BlockDevice> finish(Map<String, BlockDevice> devices) {
        return devices.values().stream().map(d -> inherit(d, devices)).filter(BlockDevices::wanted).sorted(ORDER)
                .toList();
    }

    /** A partition is on its disk's hardware: it has the disk's model, serial and rotational. */
    private static BlockDevice inherit(BlockDevice device, Map<String, BlockDevice> devices) {
        BlockDevice disk = device.partition() && device.parent() != null ? devices.get(device.parent()) : null;
        if (disk == null) {
            return device;
        }
        return new BlockDevice(device.name(), device.node(), device.major(), device.minor(), device.size(), true,
                device.parent(), firstKnown(disk.rotational(), device.rotational()),
                firstKnown(disk.model(), device.model()), firstKnown(disk.serial(), device.serial()),
                device.backingFile(), device.readOnly());
    }

    /** Unattached loop and network block devices are empty slots, not devices. */
    static boolean wanted(BlockDevice device) {
        String name = device.name();
        if (MEMORY.matcher(name).matches()) {
            return false;
        }
        if (!device.partition() && LOOP.matcher(name).matches()) {
            return device.backingFile() != null;
        }
        return device.partition() || !NBD.matcher(name).matches() || device.size() > 0;
    }

    private static <T> T firstKnown(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
