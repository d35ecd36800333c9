package btrfs.workbench.metadata.fs;

import java.util.Objects;

import btrfs.workbench.metadata.MetadataProblem;

/**
 * Something about the devices given: unusable, foreign, duplicate, stale or missing.
 *
 * @param kind   what is wrong
 * @param devid  the btrfs device id, or 0 if not known
 * @param device the device's name (path) as given, or empty for a missing device
 * @param reason details
 */
public record DeviceProblem(Kind kind, long devid, String device, String reason) implements MetadataProblem {

    public enum Kind {
        /** Could not be opened or read, or holds no valid btrfs superblock. */
        UNUSABLE,
        /** A btrfs device of another filesystem than the one being opened. */
        OTHER_FILESYSTEM,
        /** A second device with a devid already given; the older one is ignored. */
        DUPLICATE_DEVID,
        /** Its superblock is older than the filesystem's newest; blocks read from it may be stale. */
        STALE,
        /** The chunk tree lists it, but it was not given. */
        MISSING,
        /** Given, but the chunk tree does not know this devid / uuid; it is not read from. */
        UNKNOWN_DEVICE
    }

    public DeviceProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String message() {
        String who = devid != 0 ? "devid " + Long.toUnsignedString(devid) : "device";
        if (!device.isEmpty()) {
            who += " (" + device + ")";
        }
        return who + ": " + kind + ": " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
