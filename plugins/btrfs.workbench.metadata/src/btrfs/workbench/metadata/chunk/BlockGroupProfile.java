package btrfs.workbench.metadata.chunk;

import java.util.Optional;

/**
 * How a chunk spreads its bytes over its stripes ({@code BTRFS_BLOCK_GROUP_*}
 * profile bits; SINGLE is the absence of all of them).
 */
public enum BlockGroupProfile {
    SINGLE(0, "single", 1, 1, 0),
    RAID0(1L << 3, "RAID0", 1, 1, 0),
    RAID1(1L << 4, "RAID1", 2, 2, 0),
    DUP(1L << 5, "DUP", 2, 2, 0),
    RAID10(1L << 6, "RAID10", 2, 2, 0),
    RAID5(1L << 7, "RAID5", 2, 1, 1),
    RAID6(1L << 8, "RAID6", 3, 1, 2),
    RAID1C3(1L << 9, "RAID1C3", 3, 3, 0),
    RAID1C4(1L << 10, "RAID1C4", 4, 4, 0);

    /** All profile bits; more than one set in a chunk type is invalid. */
    public static final long MASK = (1L << 3) | (1L << 4) | (1L << 5) | (1L << 6) | (1L << 7) | (1L << 8)
            | (1L << 9) | (1L << 10);

    private final long bit;
    private final String displayName;
    private final int minStripes;
    private final int copies;
    private final int parityStripes;

    BlockGroupProfile(long bit, String displayName, int minStripes, int copies, int parityStripes) {
        this.bit = bit;
        this.displayName = displayName;
        this.minStripes = minStripes;
        this.copies = copies;
        this.parityStripes = parityStripes;
    }

    /** The profile bit in a chunk or block group type; 0 for SINGLE. */
    public long bit() {
        return bit;
    }

    /** As btrfs-progs prints it in a type string: {@code single}, {@code RAID1C3}, ... */
    public String displayName() {
        return displayName;
    }

    /** Fewest stripes a chunk of this profile can have. */
    public int minStripes() {
        return minStripes;
    }

    /** How many full copies of each byte exist (parity not counted). */
    public int copies() {
        return copies;
    }

    /** Parity stripes per full stripe: 1 for RAID5, 2 for RAID6, else 0. */
    public int parityStripes() {
        return parityStripes;
    }

    public boolean isParity() {
        return parityStripes > 0;
    }

    /** Profiles whose every stripe holds the whole chunk (DUP and the RAID1 family). */
    public boolean isMirrored() {
        return this == DUP || this == RAID1 || this == RAID1C3 || this == RAID1C4;
    }

    /**
     * Every profile, once: {@code values()} copies its array on every call, and this is asked for
     * every block a readahead validates (some 7 % of what a streamed run allocated).
     */
    private static final BlockGroupProfile[] ALL = values();

    /** The profile of {@code type}, empty if more than one profile bit is set. */
    public static Optional<BlockGroupProfile> of(long type) {
        long bits = type & MASK;
        if (bits == 0) {
            return Optional.of(SINGLE);
        }
        for (BlockGroupProfile profile : ALL) {
            if (profile.bit == bits) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}
