package btrfs.workbench.metadata.chunk;

import java.util.ArrayList;
import java.util.List;

/** The type bits of chunks and block groups ({@code BTRFS_BLOCK_GROUP_DATA} ...) and their names. */
public final class BlockGroupType {

    public static final long DATA = 1L << 0;
    public static final long SYSTEM = 1L << 1;
    public static final long METADATA = 1L << 2;
    /** Remap tree chunks (btrfs-progs 6.x, remap-tree feature). */
    public static final long METADATA_REMAP = 1L << 12;
    public static final long TYPE_MASK = DATA | SYSTEM | METADATA | METADATA_REMAP;

    private BlockGroupType() {
    }

    /**
     * The type as btrfs-progs prints it: kinds joined by '|' and the profile,
     * e.g. {@code METADATA|DUP}, {@code DATA|METADATA|single},
     * {@code DATA|UNKNOWN.0x18} for an invalid profile combination.
     */
    public static String toString(long type) {
        List<String> parts = new ArrayList<>();
        if ((type & DATA) != 0) {
            parts.add("DATA");
        }
        if ((type & METADATA) != 0) {
            parts.add("METADATA");
        }
        if ((type & SYSTEM) != 0) {
            parts.add("SYSTEM");
        }
        if ((type & METADATA_REMAP) != 0) {
            parts.add("METADATA_REMAP");
        }
        parts.add(BlockGroupProfile.of(type).map(BlockGroupProfile::displayName)
                .orElse("UNKNOWN.0x" + Long.toHexString(type & BlockGroupProfile.MASK)));
        return String.join("|", parts);
    }

    /** Bits outside the known type and profile bits. */
    public static long unknownBits(long type) {
        return type & ~(TYPE_MASK | BlockGroupProfile.MASK);
    }
}
