package btrfs.workbench.discovery.system;

import java.nio.file.Path;

/**
 * One line of {@code /proc/self/mountinfo}, paths decoded.
 *
 * @param major   with {@code minor}: the device number the kernel gives the mount; for btrfs an
 *                anonymous {@code 0:N} of the subvolume, not the block device's (see
 *                {@link MountTable#of(int, int)})
 * @param root    the directory of the filesystem mounted here: {@code /} or, for a subvolume or bind
 *                mount, the path inside it
 * @param source  what was mounted, e.g. {@code /dev/sda1}; {@code none} when nothing
 * @param options the mount's options followed by the filesystem's, without repeats, led by
 *                {@code ro} when the mount or the filesystem is read-only (else {@code rw}); kept
 *                as the kernel escapes them, since a decoded {@code ,} would split an option — use
 *                {@link #option(String)} for a value
 */
public record Mount(int major, int minor, String root, Path mountPoint, String fsType, String source, String options) {

    /** Whether no write can go through this mount. */
    public boolean readOnly() {
        return options.equals("ro") || options.startsWith("ro,");
    }

    /**
     * The decoded value of {@code key=value} in the options (for btrfs: {@code subvol}, {@code subvolid}),
     * {@code ""} for a bare {@code key}, {@code null} when absent.
     */
    public String option(String key) {
        for (String option : options.split(",")) {
            if (option.equals(key)) {
                return "";
            }
            if (option.startsWith(key + "=")) {
                return MountTable.unescape(option.substring(key.length() + 1));
            }
        }
        return null;
    }
}
