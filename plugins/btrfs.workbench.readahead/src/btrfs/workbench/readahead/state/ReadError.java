package btrfs.workbench.readahead.state;

import java.util.Objects;

/**
 * A block a control could not read, and so did not descend below (the kernel "cuts this part of
 * the tree").
 *
 * @param logical the block; 0 for an {@link #aborted} control
 * @param devid   the device the failed read was issued on; 0 when no read was possible (no copy
 *                on a present device, unmapped address)
 * @param reason  what went wrong, for the user
 */
public record ReadError(long logical, long devid, String reason) {

    /** How the reason of an {@link #aborted} error starts. */
    public static final String ABORTED = "readahead aborted: ";

    public ReadError {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Not a block: the engine aborted the whole control (it ran out of memory), logical and
     * devid 0. The kernel BUG()s there; the user reads why the run stopped early.
     */
    public static ReadError aborted(String reason) {
        return new ReadError(0, 0, ABORTED + reason);
    }

    /**
     * The error as the user reads it, one line: "tree block L (devid D): reason" (no devid when no
     * read was possible), or for an aborted control just why it stopped.
     */
    public String describe() {
        if (ofAbortedControl()) {
            return reason;
        }
        return "tree block " + Long.toUnsignedString(logical)
                + (devid != 0 ? " (devid " + Long.toUnsignedString(devid) + ")" : "") + ": " + reason;
    }

    /** Whether this is the error of an aborted control rather than of one block. */
    public boolean ofAbortedControl() {
        return logical == 0 && devid == 0 && reason.startsWith(ABORTED);
    }
}
