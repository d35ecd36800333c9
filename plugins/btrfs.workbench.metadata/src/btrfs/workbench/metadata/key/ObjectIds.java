package btrfs.workbench.metadata.key;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Well-known objectids and tree ids ({@code BTRFS_*_OBJECTID}), named as
 * btrfs-progs prints them. Negative values are the kernel's (u64)-N ids.
 */
public final class ObjectIds {

    public static final long ROOT_TREE = 1;
    /** Same value as ROOT_TREE; the key type (DEV_ITEM) tells them apart. */
    public static final long DEV_ITEMS = 1;
    public static final long EXTENT_TREE = 2;
    public static final long CHUNK_TREE = 3;
    public static final long DEV_TREE = 4;
    public static final long FS_TREE = 5;
    public static final long ROOT_TREE_DIR = 6;
    public static final long CSUM_TREE = 7;
    public static final long QUOTA_TREE = 8;
    public static final long UUID_TREE = 9;
    public static final long FREE_SPACE_TREE = 10;
    public static final long BLOCK_GROUP_TREE = 11;
    public static final long RAID_STRIPE_TREE = 12;
    public static final long REMAP_TREE = 13;
    /** DEV_STATS items live under objectid 0 of the dev tree. */
    public static final long DEV_STATS = 0;
    public static final long BALANCE = -4;
    public static final long ORPHAN = -5;
    public static final long TREE_LOG = -6;
    public static final long TREE_LOG_FIXUP = -7;
    public static final long TREE_RELOC = -8;
    public static final long DATA_RELOC_TREE = -9;
    public static final long EXTENT_CSUM = -10;
    public static final long FREE_SPACE = -11;
    public static final long FREE_INO = -12;
    public static final long CSUM_CHANGE = -13;
    public static final long MULTIPLE = -255;
    /** First id of subvolumes, snapshots and inodes. */
    public static final long FIRST_FREE = 256;
    /** Last id of subvolumes and snapshots. */
    public static final long LAST_FREE = -256;
    /** The objectid of all CHUNK_ITEM keys. */
    public static final long FIRST_CHUNK_TREE = 256;

    private static final Map<Long, String> NAMES = names();

    private ObjectIds() {
    }

    private static Map<Long, String> names() {
        Map<Long, String> names = new LinkedHashMap<>();
        names.put(ROOT_TREE, "ROOT_TREE");
        names.put(EXTENT_TREE, "EXTENT_TREE");
        names.put(CHUNK_TREE, "CHUNK_TREE");
        names.put(DEV_TREE, "DEV_TREE");
        names.put(FS_TREE, "FS_TREE");
        names.put(ROOT_TREE_DIR, "ROOT_TREE_DIR");
        names.put(CSUM_TREE, "CSUM_TREE");
        names.put(QUOTA_TREE, "QUOTA_TREE");
        names.put(UUID_TREE, "UUID_TREE");
        names.put(FREE_SPACE_TREE, "FREE_SPACE_TREE");
        names.put(BLOCK_GROUP_TREE, "BLOCK_GROUP_TREE");
        names.put(RAID_STRIPE_TREE, "RAID_STRIPE_TREE");
        names.put(REMAP_TREE, "REMAP_TREE");
        names.put(BALANCE, "BALANCE");
        names.put(ORPHAN, "ORPHAN");
        names.put(TREE_LOG, "TREE_LOG");
        names.put(TREE_LOG_FIXUP, "LOG_FIXUP");
        names.put(TREE_RELOC, "TREE_RELOC");
        names.put(DATA_RELOC_TREE, "DATA_RELOC_TREE");
        names.put(EXTENT_CSUM, "EXTENT_CSUM");
        names.put(FREE_SPACE, "FREE_SPACE");
        names.put(FREE_INO, "FREE_INO");
        names.put(CSUM_CHANGE, "CSUM_CHANGE");
        names.put(MULTIPLE, "MULTIPLE");
        return Map.copyOf(names);
    }

    /** A tree id or owner as btrfs-progs prints it in a block header: {@code FS_TREE}, {@code 256}. */
    public static String treeName(long id) {
        return name(id, 0);
    }

    /**
     * An objectid as btrfs-progs prints it in a key of type {@code type}
     * (progs' {@code print_objectid}): the same number means different
     * things under different key types.
     */
    public static String name(long objectid, int type) {
        if (type == KeyType.PERSISTENT_ITEM.code()) {
            return objectid == DEV_STATS ? "DEV_STATS" : Long.toUnsignedString(objectid);
        }
        if (type == KeyType.DEV_EXTENT.code()) {
            return Long.toUnsignedString(objectid); // a devid
        }
        if (type == KeyType.QGROUP_RELATION.code()) {
            return qgroup(objectid);
        }
        if (type == KeyType.UUID_KEY_SUBVOL.code() || type == KeyType.UUID_KEY_RECEIVED_SUBVOL.code()) {
            return String.format("0x%016x", objectid);
        }
        if (objectid == DEV_ITEMS && type == KeyType.DEV_ITEM.code()) {
            return "DEV_ITEMS";
        }
        if (objectid == FIRST_CHUNK_TREE && type == KeyType.CHUNK_ITEM.code()) {
            return "FIRST_CHUNK_TREE";
        }
        if (objectid == -1L) {
            return "-1";
        }
        String name = NAMES.get(objectid);
        return name != null ? name : Long.toUnsignedString(objectid);
    }

    /** A qgroup id as level/subvolid: the top 16 bits are the level. */
    public static String qgroup(long id) {
        return (id >>> 48) + "/" + (id & 0xffff_ffff_ffffL);
    }

    /** The id for a tree name as {@link #treeName} prints it, or a decimal u64. */
    public static OptionalLong parseTreeName(String name) {
        for (Map.Entry<Long, String> entry : NAMES.entrySet()) {
            if (entry.getValue().equals(name)) {
                return OptionalLong.of(entry.getKey());
            }
        }
        return parseNumber(name);
    }

    /**
     * A tree id as a user types it, the way {@code btrfs inspect-internal
     * dump-tree -t} accepts it: a name in any case, with or without the
     * {@code _TREE} suffix, '-' or '_' ({@code fs}, {@code FS_TREE},
     * {@code data-reloc}, {@code free_space}, {@code checksum}, {@code tree-log}),
     * or a number, also negative ({@code -9}) or as u64.
     */
    public static OptionalLong parseTreeId(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (name.endsWith("_TREE")) {
            name = name.substring(0, name.length() - "_TREE".length());
        }
        if (name.equals("CHECKSUM")) {
            name = "CSUM";
        } else if (name.equals("RELOC")) {
            name = "TREE_RELOC";
        } else if (name.equals("LOG")) {
            name = "TREE_LOG";
        }
        // A tree first: "free-space" is FREE_SPACE_TREE (10), not the FREE_SPACE objectid (-11).
        for (String candidate : List.of(name + "_TREE", name)) {
            for (Map.Entry<Long, String> entry : NAMES.entrySet()) {
                if (entry.getValue().equals(candidate)) {
                    return OptionalLong.of(entry.getKey());
                }
            }
        }
        return parseNumber(text.strip());
    }

    private static OptionalLong parseNumber(String text) {
        try {
            return OptionalLong.of(text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Subvolume and snapshot trees: FS_TREE and ids 256 .. (u64)-256. */
    public static boolean isSubvolume(long id) {
        return id == FS_TREE
                || (Long.compareUnsigned(id, FIRST_FREE) >= 0 && Long.compareUnsigned(id, LAST_FREE) <= 0);
    }
}
