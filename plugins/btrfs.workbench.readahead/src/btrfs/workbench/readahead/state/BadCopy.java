package btrfs.workbench.readahead.state;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    /**
     * The bad copies of blocks that were read all the same, from another copy: those of a lost
     * block are part of that block's error, which names every copy's failure.
     */
    public static List<BadCopy> recovered(Collection<BadCopy> bad, Collection<ReadError> lost) {
        Set<Long> lostBlocks = new HashSet<>();
        lost.forEach(e -> lostBlocks.add(e.logical()));
        return bad.stream().filter(b -> !lostBlocks.contains(b.logical())).toList();
    }

    /**
     * The line for a bad copy of a block that was read from another copy: "bad copy of tree block L
     * on devid D (DEVICE) at physical P: reason", the device's name left out when null. The CLI
     * prints it on stderr, the GUI puts it into the Error Log.
     */
    public String describeRecovered(String deviceName) {
        return "bad copy of tree block " + Long.toUnsignedString(logical) + " on devid " + Long.toUnsignedString(devid)
                + (deviceName == null ? "" : " (" + deviceName + ")") + " at physical "
                + Long.toUnsignedString(physical) + ": " + reason;
    }

    /** "devid D at P: reason", as one part of the error of a block no copy of which could be read. */
    public String describe() {
        return "devid " + Long.toUnsignedString(devid) + " at " + Long.toUnsignedString(physical) + ": " + reason;
    }
}
