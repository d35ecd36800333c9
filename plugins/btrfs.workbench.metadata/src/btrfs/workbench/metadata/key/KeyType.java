package btrfs.workbench.metadata.key;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Item key types ({@code BTRFS_*_KEY} of {@code btrfs_tree.h}), named as
 * btrfs-progs prints them. Types 248 and 249 have two kernel names each
 * (TEMPORARY_ITEM / BALANCE_ITEM, PERSISTENT_ITEM / DEV_STATS); progs prints
 * the generic one.
 */
public enum KeyType {
    INODE_ITEM(1),
    INODE_REF(12),
    INODE_EXTREF(13),
    XATTR_ITEM(24),
    VERITY_DESC_ITEM(36),
    VERITY_MERKLE_ITEM(37),
    ORPHAN_ITEM(48),
    DIR_LOG_ITEM(60),
    DIR_LOG_INDEX(72),
    DIR_ITEM(84),
    DIR_INDEX(96),
    EXTENT_DATA(108),
    /** Old csum item type, no longer written. */
    CSUM_ITEM(120),
    EXTENT_CSUM(128),
    ROOT_ITEM(132),
    ROOT_BACKREF(144),
    ROOT_REF(156),
    EXTENT_ITEM(168),
    /** Skinny extent item of a tree block: key offset is the level, not the size. */
    METADATA_ITEM(169),
    EXTENT_OWNER_REF(172),
    TREE_BLOCK_REF(176),
    EXTENT_DATA_REF(178),
    EXTENT_REF_V0(180),
    SHARED_BLOCK_REF(182),
    SHARED_DATA_REF(184),
    BLOCK_GROUP_ITEM(192),
    FREE_SPACE_INFO(198),
    FREE_SPACE_EXTENT(199),
    FREE_SPACE_BITMAP(200),
    DEV_EXTENT(204),
    DEV_ITEM(216),
    CHUNK_ITEM(228),
    RAID_STRIPE(230),
    IDENTITY_REMAP(234),
    REMAP(235),
    REMAP_BACKREF(236),
    QGROUP_STATUS(240),
    QGROUP_INFO(242),
    QGROUP_LIMIT(244),
    QGROUP_RELATION(246),
    TEMPORARY_ITEM(248),
    PERSISTENT_ITEM(249),
    DEV_REPLACE(250),
    UUID_KEY_SUBVOL(251),
    UUID_KEY_RECEIVED_SUBVOL(252),
    STRING_ITEM(253);

    private static final Map<Integer, KeyType> BY_CODE = new HashMap<>();

    static {
        for (KeyType type : values()) {
            BY_CODE.put(type.code, type);
        }
    }

    private final int code;

    KeyType(int code) {
        this.code = code;
    }

    /** The u8 stored in the key. */
    public int code() {
        return code;
    }

    public static Optional<KeyType> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /**
     * The name btrfs-progs prints for {@code type} in a key with this
     * {@code objectid}: the enum name, {@code UNTYPED} for the v1 free space
     * cache header (FREE_SPACE objectid, type 0), else {@code UNKNOWN.<type>}.
     */
    public static String name(long objectid, int type) {
        if (type == 0 && objectid == ObjectIds.FREE_SPACE) {
            return "UNTYPED";
        }
        KeyType known = BY_CODE.get(type);
        return known != null ? known.name() : "UNKNOWN." + type;
    }
}
