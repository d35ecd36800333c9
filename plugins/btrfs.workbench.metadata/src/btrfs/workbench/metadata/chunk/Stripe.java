package btrfs.workbench.metadata.chunk;

import java.util.Objects;
import java.util.UUID;

/**
 * {@code struct btrfs_stripe}: where one stripe of a chunk lives.
 *
 * @param devid   the device
 * @param offset  physical start on that device
 * @param devUuid the device's uuid (to tell devices with a reused devid apart)
 */
public record Stripe(long devid, long offset, UUID devUuid) {

    /** On-disk size: u64 devid, u64 offset, 16-byte uuid. */
    public static final int SIZE = 32;

    public Stripe {
        Objects.requireNonNull(devUuid, "devUuid");
    }
}
