package btrfs.workbench.metadata;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a user who may not read a device or image is told: the way to read access with the least
 * privilege, never write access (nothing here is ever opened for writing) — one text for every
 * command and view.
 */
public final class AccessHint {

    /** For block devices: the group that may read disks, or one privileged start. */
    public static final String DEVICE = "permission denied — reading a block device needs membership of group disk,"
            + " or start btrfs-workbench through sudo or pkexec (it only ever opens devices read-only)";
    /** For image files: images never need root, only read permission. */
    public static final String FILE = "permission denied — this user may not read the file: give it read permission,"
            + " or start btrfs-workbench through sudo or pkexec (it only ever opens images read-only)";

    private AccessHint() {
    }

    /** The reason for {@code path}: a regular file is an image, anything else a device. */
    public static String denied(Path path) {
        return Files.isRegularFile(path) ? FILE : DEVICE;
    }
}
