package btrfs.workbench.discovery;

import java.nio.file.Path;
import java.util.UUID;

/**
 * One member device of an array, as its own superblock describes it.
 *
 * @param path     what the user named (a device node, an image, a compressed image)
 * @param readPath where its bytes are read from (an unpacked copy for a compressed image)
 * @param info     what the system says about the device (unknown for image files)
 */
public record ArrayDevice(long devid, UUID uuid, Path path, Path readPath, long size, long bytesUsed,
        long generation, DeviceInfo info) {

    public ArrayDevice withInfo(DeviceInfo details) {
        return new ArrayDevice(devid, uuid, path, readPath, size, bytesUsed, generation, details);
    }
}
