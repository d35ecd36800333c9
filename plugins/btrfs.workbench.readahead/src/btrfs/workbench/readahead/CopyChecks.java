package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.state.BadCopy;

/**
 * What an extent learnt about its copies: the bad ones and, in scrub mode, the state of every
 * copy and what its good copies hold. Created only when needed (a first bad copy, or scrub), so
 * that the million extents of a large readahead do not carry it. Guarded by the engine lock.
 */
final class CopyChecks {

    /** Scrub: the copy still has to be read. */
    static final byte PENDING = 0;
    /** Scrub: the copy's read is in flight. */
    static final byte READING = 1;
    /** Scrub: the copy was read and validated. */
    static final byte GOOD = 2;
    /** Scrub: the copy failed to read or validate, or its bytes differ from the reference copy. */
    static final byte BAD = 3;

    /** The bad copies found so far, in the order they were found. */
    final List<BadCopy> bad = new ArrayList<>(1);
    /** Scrub: every copy's state, by the extent's copy index; null without scrub. */
    final byte[] state;
    /** Scrub: fingerprint and generation of each good copy. */
    final long[] fingerprints;
    final long[] generations;
    /** Scrub: the first good copy's block, from which the records' children are added. */
    ReadBlock good;
    /** Scrub: the records [0, served) of the extent's list have had their children added. */
    int served;

    private CopyChecks(int copies) {
        state = copies < 0 ? null : new byte[copies];
        fingerprints = copies < 0 ? null : new long[copies];
        generations = copies < 0 ? null : new long[copies];
    }

    /** Only bad copies to keep: normal readahead. */
    static CopyChecks failures() {
        return new CopyChecks(-1);
    }

    /** Every copy's state as well: scrub. */
    static CopyChecks scrub(int copies) {
        return new CopyChecks(copies);
    }

    boolean scrubbing() {
        return state != null;
    }

    /** Scrub: copy {@code i} was read and validated. */
    void goodCopy(int i, ReadBlock block) {
        state[i] = GOOD;
        fingerprints[i] = block.fingerprint();
        generations[i] = block.generation();
        if (good == null) {
            good = block;
        }
    }

    /** Scrub: whether copy {@code i} is still to be read or being read (it holds its zone). */
    boolean live(int i) {
        return state == null || state[i] < GOOD;
    }

    /** Scrub: no copy is pending or in flight any more. */
    boolean allDone() {
        for (byte s : state) {
            if (s < GOOD) {
                return false;
            }
        }
        return true;
    }

    /**
     * The error of a block none of whose copies could be read: the one reason when only one copy
     * was tried (the message the seed gave), else every copy's.
     */
    String cutReason(String last) {
        return cutReason(bad, last);
    }

    /** {@link #cutReason(String)} of a block whose bad copies were {@code bad}, {@code last} the last one's reason. */
    static String cutReason(List<BadCopy> bad, String last) {
        if (bad.size() <= 1) {
            return last;
        }
        return "no copy could be read: " + bad.stream().map(BadCopy::describe).collect(Collectors.joining("; "));
    }
}
