package btrfs.workbench.discovery;

import java.nio.file.Path;

/**
 * What the system says about a device beyond its superblock; every field may be unknown (null),
 * e.g. for an image file.
 *
 * @param rotational  a spinning disk (sysfs queue/rotational), for a partition that of its disk
 * @param model       the disk's model
 * @param backingFile for a loop device, the file behind it
 */
public record DeviceInfo(Boolean rotational, String model, Path backingFile) {

    /** Nothing known: image files and devices the system does not describe. */
    public static final DeviceInfo UNKNOWN = new DeviceInfo(null, null, null);
}
