package btrfs.workbench.discovery.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The mounted btrfs filesystems, from {@code /sys/fs/btrfs}: one directory per fsid (a temporary
 * fsid for a cloned device mounted with {@code temp_fsid}) beside {@code features/}, which lists
 * what the running kernel supports.
 * <p>
 * The kernel links the opened block devices under {@code devices/} and has one
 * {@code devinfo/<devid>/} per device, but nothing that ties a devid to a device: a devid is only
 * given a name when exactly one device is present and exactly one devid is not missing. Every other
 * mapping needs the devices' superblocks, which {@link btrfs.workbench.discovery.ImageScanner} reads.
 */
public final class SysfsBtrfs {

    static final Path ROOT = Path.of("/sys/fs/btrfs");

    private static final Pattern FSID = Pattern
            .compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private SysfsBtrfs() {
    }

    /** Empty when nothing is mounted, the btrfs module is not loaded or sysfs cannot be read. */
    public static List<SysfsFilesystem> list() {
        return list(ROOT);
    }

    static List<SysfsFilesystem> list(Path sysFsBtrfsRoot) {
        List<SysfsFilesystem> filesystems = new ArrayList<>();
        for (String name : Sysfs.names(sysFsBtrfsRoot)) {
            if (FSID.matcher(name).matches()) {
                filesystems.add(read(sysFsBtrfsRoot.resolve(name), UUID.fromString(name)));
            }
        }
        return filesystems;
    }

    private static SysfsFilesystem read(Path dir, UUID fsid) {
        List<String> devices = Sysfs.names(dir.resolve("devices"));
        return new SysfsFilesystem(fsid, Sysfs.read(dir.resolve("label")), devices,
                new TreeSet<>(Sysfs.names(dir.resolve("features"))), devidToName(dir.resolve("devinfo"), devices));
    }

    private static Map<Long, String> devidToName(Path devinfo, List<String> devices) {
        List<Long> present = new ArrayList<>();
        for (String name : Sysfs.names(devinfo)) {
            Long devid = devid(name);
            // a devid whose "missing" cannot be read might be present: count it, map less
            if (devid != null && !Boolean.TRUE.equals(Sysfs.flag(devinfo.resolve(name).resolve("missing")))) {
                present.add(devid);
            }
        }
        return present.size() == 1 && devices.size() == 1 ? Map.of(present.get(0), devices.get(0)) : Map.of();
    }

    private static Long devid(String name) {
        try {
            return Long.parseUnsignedLong(name);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
