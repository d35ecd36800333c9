package btrfs.workbench.discovery;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A btrfs filesystem as found on the scanned devices: the devices sharing one fsid.
 * Array-wide values come from the member with the newest generation, as the kernel would use.
 *
 * @param missingDevids devids the filesystem has (num_devices, the chunk tree's DEV_ITEMs) but no
 *                      scanned path holds
 * @param mounted       the kernel has it mounted (it appears in /sys/fs/btrfs)
 * @param mountpoints   where, from /proc/self/mountinfo
 */
public record BtrfsArray(UUID fsid, UUID metadataUuid, String label, long generation, int nodesize,
        int sectorsize, String csumType, long numDevices, List<ArrayDevice> devices, List<Long> missingDevids,
        boolean mounted, List<Path> mountpoints, List<String> warnings) {

    public BtrfsArray {
        devices = List.copyOf(devices);
        missingDevids = List.copyOf(missingDevids);
        mountpoints = List.copyOf(mountpoints);
        warnings = List.copyOf(warnings);
    }

    public int presentDevices() {
        return devices.size();
    }

    /** True when every device the superblock counts was found. */
    public boolean complete() {
        return missingDevids.isEmpty() && devices.size() >= numDevices;
    }

    public BtrfsArray withDevices(List<ArrayDevice> replaced) {
        return new BtrfsArray(fsid, metadataUuid, label, generation, nodesize, sectorsize, csumType, numDevices,
                replaced, missingDevids, mounted, mountpoints, warnings);
    }

    public BtrfsArray withMounts(boolean isMounted, List<Path> where) {
        return new BtrfsArray(fsid, metadataUuid, label, generation, nodesize, sectorsize, csumType, numDevices,
                devices, missingDevids, isMounted, where, warnings);
    }
}
