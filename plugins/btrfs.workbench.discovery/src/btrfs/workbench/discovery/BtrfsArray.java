package btrfs.workbench.discovery;

import java.util.List;
import java.util.UUID;

/**
 * A btrfs filesystem as found on the scanned devices: the devices sharing one fsid.
 * Array-wide values come from the member with the newest generation, as the kernel would use.
 */
public record BtrfsArray(UUID fsid, UUID metadataUuid, String label, long generation, int nodesize,
        int sectorsize, String csumType, long numDevices, List<ArrayDevice> devices, List<String> warnings) {

    public BtrfsArray {
        devices = List.copyOf(devices);
        warnings = List.copyOf(warnings);
    }

    public int presentDevices() {
        return devices.size();
    }

    /** True when every device the superblock counts was found. */
    public boolean complete() {
        return devices.size() >= numDevices;
    }
}
