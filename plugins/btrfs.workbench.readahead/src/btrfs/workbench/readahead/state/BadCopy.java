package btrfs.workbench.readahead.state;

import java.util.Objects;

/**
 * One copy (mirror) of a tree block that failed to read or validate, or — in scrub mode — whose
 * bytes differ from the block's good copy. With failover the block may still have been read from
 * another copy; only when every copy is bad is it an error ({@link ReadError}) as well.
 *
 * @param logical  the block
 * @param devid    the device holding the copy
 * @param physical the copy's byte offset on that device
 * @param reason   what is wrong with it, for the user (e.g. a checksum mismatch)
 */
public record BadCopy(long logical, long devid, long physical, String reason) {

    public BadCopy {
        Objects.requireNonNull(reason, "reason");
    }

    /** "devid D at P: reason", as one part of the error of a block no copy of which could be read. */
    public String describe() {
        return "devid " + Long.toUnsignedString(devid) + " at " + Long.toUnsignedString(physical) + ": " + reason;
    }
}
