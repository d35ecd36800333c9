package btrfs.workbench.metadata.tree;

import java.util.Objects;

import btrfs.workbench.metadata.MetadataProblem;

/**
 * Why one copy of a tree block (or a pointer to one) is not usable.
 *
 * @param kind     what is wrong
 * @param logical  the block's logical address
 * @param devid    the device the copy was read from, or {@link #NO_DEVICE}
 * @param physical the offset on that device, or -1
 * @param mirror   1-based mirror number in {@code ChunkMap.mirrors} order, 0 if no copy was read
 * @param reason   details for the user
 */
public record BlockProblem(Kind kind, long logical, long devid, long physical, int mirror, String reason)
        implements MetadataProblem {

    public static final long NO_DEVICE = 0;

    public enum Kind {
        /** No chunk maps this logical address. */
        UNMAPPED,
        /** The mirror's device is not present. */
        DEVICE_MISSING,
        /** The device could not be read there (I/O error, too short). */
        READ_ERROR,
        /** The checksum over the block does not match the stored one. */
        CHECKSUM_MISMATCH,
        /** The header's bytenr is not the address the block was read for. */
        BYTENR_MISMATCH,
        /** The header's fsid is not the filesystem's metadata uuid. */
        FSID_MISMATCH,
        /** The header's level is not below BTRFS_MAX_LEVEL (8). */
        BAD_LEVEL,
        /** The level is not the one the parent pointer (or the root item) implies. */
        LEVEL_MISMATCH,
        /** The generation is not the one the parent pointer expects (a lost or stale write). */
        GENERATION_MISMATCH,
        /** nritems does not fit into the block (or is 0 for a node). */
        BAD_NRITEMS,
        /** A leaf item's data lies outside the block or over the item headers. */
        BAD_ITEM,
        /** Keys in the block are not strictly ascending. */
        KEY_ORDER,
        /** The first key is not the one the parent pointer carries. */
        FIRST_KEY_MISMATCH,
        /** The block was already reached through another pointer of the same walk (a cycle or a shared subtree). */
        ALREADY_VISITED,
        /** The block is not aligned or has an address a tree block cannot have. */
        BAD_ADDRESS
    }

    public BlockProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** A problem found before or without reading a particular copy. */
    public static BlockProblem of(Kind kind, long logical, String reason) {
        return new BlockProblem(kind, logical, NO_DEVICE, -1, 0, reason);
    }

    @Override
    public String message() {
        StringBuilder sb = new StringBuilder("tree block ").append(Long.toUnsignedString(logical));
        if (mirror > 0) {
            sb.append(" mirror ").append(mirror);
        }
        if (devid != NO_DEVICE) {
            sb.append(" (devid ").append(Long.toUnsignedString(devid));
            if (physical >= 0) {
                sb.append(" physical ").append(physical);
            }
            sb.append(")");
        }
        return sb.append(": ").append(kind).append(": ").append(reason).toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
