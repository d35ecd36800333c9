package btrfs.workbench.metadata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names for the bits of the superblock's flag words, as btrfs-progs prints
 * them. The bit values follow the kernel's uapi header {@code btrfs_tree.h}
 * and {@code btrfs.h} (BTRFS_SUPER_FLAG_*, BTRFS_FEATURE_*).
 */
public final class FlagNames {

    // Superblock 'flags'. The two lowest bits are shared with tree block headers.
    public static final long SUPER_WRITTEN = 1L << 0;
    public static final long SUPER_RELOC = 1L << 1;
    public static final long SUPER_ERROR = 1L << 2;
    public static final long SUPER_SEEDING = 1L << 32;
    public static final long SUPER_METADUMP = 1L << 33;
    public static final long SUPER_METADUMP_V2 = 1L << 34;
    public static final long SUPER_CHANGING_FSID = 1L << 35;
    public static final long SUPER_CHANGING_FSID_V2 = 1L << 36;
    // Bits 38..40 mark an unfinished offline conversion by btrfstune; the kernel refuses to mount.
    // (Bit 37 is deliberately unnamed: btrfs-progs before 6.10 used it, and bit 36, for csum conversion.)
    public static final long SUPER_CHANGING_BG_TREE = 1L << 38;
    public static final long SUPER_CHANGING_DATA_CSUM = 1L << 39;
    public static final long SUPER_CHANGING_META_CSUM = 1L << 40;

    // compat_ro_flags: an unknown bit here still allows a read-only mount.
    public static final long COMPAT_RO_FREE_SPACE_TREE = 1L << 0;
    public static final long COMPAT_RO_FREE_SPACE_TREE_VALID = 1L << 1;
    public static final long COMPAT_RO_VERITY = 1L << 2;
    public static final long COMPAT_RO_BLOCK_GROUP_TREE = 1L << 3;

    // incompat_flags: an unknown bit here means the on-disk format may not be understood at all.
    public static final long INCOMPAT_MIXED_BACKREF = 1L << 0;
    public static final long INCOMPAT_DEFAULT_SUBVOL = 1L << 1;
    public static final long INCOMPAT_MIXED_GROUPS = 1L << 2;
    public static final long INCOMPAT_COMPRESS_LZO = 1L << 3;
    public static final long INCOMPAT_COMPRESS_ZSTD = 1L << 4;
    public static final long INCOMPAT_BIG_METADATA = 1L << 5;
    public static final long INCOMPAT_EXTENDED_IREF = 1L << 6;
    public static final long INCOMPAT_RAID56 = 1L << 7;
    public static final long INCOMPAT_SKINNY_METADATA = 1L << 8;
    public static final long INCOMPAT_NO_HOLES = 1L << 9;
    public static final long INCOMPAT_METADATA_UUID = 1L << 10;
    public static final long INCOMPAT_RAID1C34 = 1L << 11;
    public static final long INCOMPAT_ZONED = 1L << 12;
    public static final long INCOMPAT_EXTENT_TREE_V2 = 1L << 13;
    public static final long INCOMPAT_RAID_STRIPE_TREE = 1L << 14;
    public static final long INCOMPAT_SIMPLE_QUOTA = 1L << 16;
    public static final long INCOMPAT_REMAP_TREE = 1L << 17;

    /** The superblock's own {@code flags} word. */
    public static final FlagNames SUPER = new FlagNames(table(
            SUPER_WRITTEN, "WRITTEN",
            SUPER_RELOC, "RELOC",
            SUPER_ERROR, "ERROR",
            SUPER_SEEDING, "SEEDING",
            SUPER_METADUMP, "METADUMP",
            SUPER_METADUMP_V2, "METADUMP_V2",
            SUPER_CHANGING_FSID, "CHANGING_FSID",
            SUPER_CHANGING_FSID_V2, "CHANGING_FSID_V2",
            SUPER_CHANGING_BG_TREE, "CHANGING_BG_TREE",
            SUPER_CHANGING_DATA_CSUM, "CHANGING_DATA_CSUM",
            SUPER_CHANGING_META_CSUM, "CHANGING_META_CSUM"));

    /** {@code compat_flags}: no bit has ever been defined. */
    public static final FlagNames COMPAT = new FlagNames(table());

    /** {@code compat_ro_flags}. */
    public static final FlagNames COMPAT_RO = new FlagNames(table(
            COMPAT_RO_FREE_SPACE_TREE, "FREE_SPACE_TREE",
            COMPAT_RO_FREE_SPACE_TREE_VALID, "FREE_SPACE_TREE_VALID",
            COMPAT_RO_VERITY, "VERITY",
            COMPAT_RO_BLOCK_GROUP_TREE, "BLOCK_GROUP_TREE"));

    /** {@code incompat_flags}. */
    public static final FlagNames INCOMPAT = new FlagNames(table(
            INCOMPAT_MIXED_BACKREF, "MIXED_BACKREF",
            INCOMPAT_DEFAULT_SUBVOL, "DEFAULT_SUBVOL",
            INCOMPAT_MIXED_GROUPS, "MIXED_GROUPS",
            INCOMPAT_COMPRESS_LZO, "COMPRESS_LZO",
            INCOMPAT_COMPRESS_ZSTD, "COMPRESS_ZSTD",
            INCOMPAT_BIG_METADATA, "BIG_METADATA",
            INCOMPAT_EXTENDED_IREF, "EXTENDED_IREF",
            INCOMPAT_RAID56, "RAID56",
            INCOMPAT_SKINNY_METADATA, "SKINNY_METADATA",
            INCOMPAT_NO_HOLES, "NO_HOLES",
            INCOMPAT_METADATA_UUID, "METADATA_UUID",
            INCOMPAT_RAID1C34, "RAID1C34",
            INCOMPAT_ZONED, "ZONED",
            INCOMPAT_EXTENT_TREE_V2, "EXTENT_TREE_V2",
            INCOMPAT_RAID_STRIPE_TREE, "RAID_STRIPE_TREE",
            INCOMPAT_SIMPLE_QUOTA, "SIMPLE_QUOTA",
            INCOMPAT_REMAP_TREE, "REMAP_TREE"));

    private final Map<Long, String> namesByBit;

    private FlagNames(Map<Long, String> namesByBit) {
        this.namesByBit = namesByBit;
    }

    /**
     * The names of the bits set in {@code flags}, lowest bit first. A set bit
     * without a name is listed as its hex value, e.g. {@code 0x8000}, so that
     * nothing on disk is hidden from the user.
     */
    public List<String> names(long flags) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < Long.SIZE; bit++) {
            long mask = 1L << bit;
            if ((flags & mask) != 0) {
                names.add(namesByBit.getOrDefault(mask, "0x" + Long.toHexString(mask)));
            }
        }
        return List.copyOf(names);
    }

    /** All bits that have a name. */
    public long knownBits() {
        long known = 0;
        for (long bit : namesByBit.keySet()) {
            known |= bit;
        }
        return known;
    }

    /** The bits of {@code flags} that have no name here. */
    public long unknownBits(long flags) {
        return flags & ~knownBits();
    }

    private static Map<Long, String> table(Object... bitsAndNames) {
        Map<Long, String> table = new LinkedHashMap<>();
        for (int i = 0; i < bitsAndNames.length; i += 2) {
            table.put((Long) bitsAndNames[i], (String) bitsAndNames[i + 1]);
        }
        return Map.copyOf(table);
    }
}
