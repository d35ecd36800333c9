package btrfs.workbench.readahead.state;

import java.util.Objects;

/**
 * A block a control could not read, and so did not descend below (the kernel "cuts this part of
 * the tree").
 *
 * @param logical the block
 * @param devid   the device the failed read was issued on; 0 when no read was possible (no copy
 *                on a present device, unmapped address)
 * @param reason  what went wrong, for the user
 */
public record ReadError(long logical, long devid, String reason) {

    public ReadError {
        Objects.requireNonNull(reason, "reason");
    }
}
