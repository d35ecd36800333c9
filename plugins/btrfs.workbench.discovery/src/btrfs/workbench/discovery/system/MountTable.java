package btrfs.workbench.discovery.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mounts of this process's mount namespace, from {@code /proc/self/mountinfo} (see
 * proc_pid_mountinfo(5)): one line per mount,
 * {@code ID PARENT MAJ:MIN ROOT MOUNTPOINT MOUNTOPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS},
 * with blank, tab, newline and backslash in paths written as octal escapes ({@code \040}).
 * Lines that do not have this shape are skipped, never fatal.
 */
public final class MountTable {

    static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    static final Path SYS = Path.of("/sys");

    /** Fields before the optional ones: ID, parent, MAJ:MIN, root, mount point, mount options. */
    private static final int FIXED_FIELDS = 6;

    private final List<Mount> mounts;
    private final Path sys;
    private final Map<Mount, Set<DevNumber>> sourceDevices = new ConcurrentHashMap<>();

    private MountTable(List<Mount> mounts, Path sys) {
        this.mounts = List.copyOf(mounts);
        this.sys = sys;
    }

    /** The current mounts; empty when {@code /proc} cannot be read. */
    public static MountTable read() {
        return parse(readText(MOUNTINFO), SYS);
    }

    static MountTable parse(String text) {
        return parse(text, SYS);
    }

    /** @param sys where {@link #of(int, int)} looks up source devices ({@code /sys}; tests use a fake one) */
    static MountTable parse(String text, Path sys) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            Mount mount = parseLine(line);
            if (mount != null) {
                mounts.add(mount);
            }
        }
        return new MountTable(mounts, sys);
    }

    public List<Mount> mounts() {
        return mounts;
    }

    /**
     * The mounts of block device {@code major:minor}: those whose mountinfo device number is it
     * (ext4, xfs...), and those whose source is it or — for btrfs, which shows an anonymous device
     * number and only one member as source — another member of the same filesystem, as
     * {@code /sys/fs/btrfs/<fsid>/devices} lists them. Without that, a mounted multi-device btrfs
     * member would look unused.
     */
    public List<Mount> of(int major, int minor) {
        DevNumber device = new DevNumber(major, minor);
        return mounts.stream()
                .filter(m -> device.is(m.major(), m.minor())
                        || sourceDevices.computeIfAbsent(m, this::devicesBehind).contains(device))
                .toList();
    }

    private static String readText(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    private static Mount parseLine(String line) {
        String[] fields = line.split(" ", -1);
        int separator = separatorIndex(fields);
        DevNumber dev = fields.length > 2 ? DevNumber.parse(fields[2]) : null;
        if (separator < 0 || separator + 2 >= fields.length || dev == null) {
            return null;
        }
        String superOptions = separator + 3 < fields.length ? fields[separator + 3] : "";
        try {
            return new Mount(dev.major(), dev.minor(), unescape(fields[3]), Path.of(unescape(fields[4])),
                    unescape(fields[separator + 1]), unescape(fields[separator + 2]),
                    options(fields[5], superOptions));
        } catch (RuntimeException e) { // a mount point Path cannot hold
            return null;
        }
    }

    /** The {@code -} that ends the optional fields, or -1. */
    private static int separatorIndex(String[] fields) {
        for (int i = FIXED_FIELDS; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                return i;
            }
        }
        return -1;
    }

    /** Mount options then filesystem options, each once; {@code ro} first if either is read-only. */
    static String options(String mountOptions, String superOptions) {
        Set<String> all = new LinkedHashSet<>();
        for (String option : (mountOptions + "," + superOptions).split(",")) {
            if (!option.isEmpty()) {
                all.add(option);
            }
        }
        boolean ro = all.remove("ro");
        boolean rw = all.remove("rw");
        List<String> ordered = new ArrayList<>();
        if (ro || rw) {
            ordered.add(ro ? "ro" : "rw");
        }
        ordered.addAll(all);
        return String.join(",", ordered);
    }

    /** Decodes the kernel's {@code \ooo} escapes (it writes them for blank, tab, newline, backslash). */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && isOctal(text, i + 1)) {
                out.append((char) Integer.parseInt(text.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String text, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= text.length() || text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    /** The device numbers a mount's source stands for: the device, and for btrfs all its members. */
    private Set<DevNumber> devicesBehind(Mount mount) {
        String name = deviceName(mount.source());
        if (name == null) {
            return Set.of();
        }
        Set<DevNumber> devices = new HashSet<>();
        addDevice(devices, name);
        if ("btrfs".equals(mount.fsType())) {
            for (String member : btrfsMembersWith(name)) {
                addDevice(devices, member);
            }
        }
        return devices;
    }

    private void addDevice(Set<DevNumber> devices, String name) {
        DevNumber dev = DevNumber.parse(Sysfs.text(sys.resolve("class/block").resolve(name).resolve("dev")));
        if (dev != null) {
            devices.add(dev);
        }
    }

    private List<String> btrfsMembersWith(String name) {
        Path root = sys.resolve("fs/btrfs");
        for (String fsid : Sysfs.names(root)) {
            Path devices = root.resolve(fsid).resolve("devices");
            if (Files.exists(devices.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                return Sysfs.names(devices);
            }
        }
        return List.of();
    }

    /**
     * The kernel name of a source under {@code /dev}, links followed ({@code /dev/mapper/x} is
     * {@code dm-0}); the node itself is only looked at, never opened. {@code null} for other sources.
     */
    static String deviceName(String source) {
        if (source == null || !source.startsWith("/dev/")) {
            return null;
        }
        try {
            Path node = Path.of(source).normalize();
            Path real = Files.exists(node) ? node.toRealPath() : node;
            Path dev = Path.of("/dev");
            return real.startsWith(dev) && !real.equals(dev) ? dev.relativize(real).toString().replace('/', '!') : null;
        } catch (Exception e) {
            return null;
        }
    }
}
