package btrfs.workbench.metadata.key;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A btrfs key ({@code struct btrfs_disk_key}): objectid, type, offset.
 * <p>
 * Keys sort by objectid, then type, then offset, all unsigned: objectids
 * such as DATA_RELOC_TREE (-9) are huge u64 values that sort last, so plain
 * signed comparison would put them first.
 *
 * @param objectid u64, negative in Java above {@link Long#MAX_VALUE}
 * @param type     u8 item type, 0..255, see {@link KeyType}
 * @param offset   u64, meaning depends on the type
 */
public record Key(long objectid, int type, long offset) implements Comparable<Key> {

    /** On-disk size: u64 objectid, u8 type, u64 offset, packed. */
    public static final int SIZE = 17;

    /** The smallest key. */
    public static final Key MIN = new Key(0, 0, 0);

    /** The largest key, (u64)-1 / 255 / (u64)-1, the kernel's "max_key" of a whole-tree readahead. */
    public static final Key MAX = new Key(-1L, 0xff, -1L);

    public Key {
        if (type < 0 || type > 0xff) {
            throw new IllegalArgumentException("key type " + type + " is not a u8");
        }
    }

    /** Decodes the key at absolute position {@code off} of {@code b}. */
    public static Key read(ByteBuffer b, int off) {
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return new Key(le.getLong(off), le.get(off + 8) & 0xff, le.getLong(off + 9));
    }

    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /**
     * Compares the keys encoded at offsets {@code a} and {@code c} of {@code raw} without decoding
     * them (validating a leaf's item order allocates nothing).
     */
    public static int compareEncoded(byte[] raw, int a, int c) {
        int cmp = Long.compareUnsigned((long) LE_LONG.get(raw, a), (long) LE_LONG.get(raw, c));
        if (cmp == 0) {
            cmp = Integer.compare(raw[a + 8] & 0xff, raw[c + 8] & 0xff);
        }
        if (cmp == 0) {
            cmp = Long.compareUnsigned((long) LE_LONG.get(raw, a + 9), (long) LE_LONG.get(raw, c + 9));
        }
        return cmp;
    }

    @Override
    public int compareTo(Key other) {
        int c = Long.compareUnsigned(objectid, other.objectid);
        if (c == 0) {
            c = Integer.compare(type, other.type);
        }
        if (c == 0) {
            c = Long.compareUnsigned(offset, other.offset);
        }
        return c;
    }

    public boolean isBefore(Key other) {
        return compareTo(other) < 0;
    }

    /**
     * A key as a user types it: {@code objectid,type,offset}. The objectid is a number (u64,
     * or negative for the kernel's reserved ids) or a btrfs-progs name such as {@code FS_TREE};
     * the type a number 0..255 or a progs name such as {@code ROOT_ITEM} (any case); the offset
     * a u64 or -1 (all bits set).
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static Key parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("key '" + text + "' is not objectid,type,offset");
        }
        long objectid = ObjectIds.parseTreeId(parts[0]).orElseThrow(
                () -> new IllegalArgumentException("key '" + text + "': objectid '" + parts[0].strip() + "' is not a number or name"));
        return new Key(objectid, parseType(text, parts[1].strip()), parseU64(text, parts[2].strip()));
    }

    private static int parseType(String text, String type) {
        for (KeyType known : KeyType.values()) {
            if (known.name().equalsIgnoreCase(type)) {
                return known.code();
            }
        }
        try {
            int code = Integer.parseInt(type);
            if (code >= 0 && code <= 0xff) {
                return code;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("key '" + text + "': type '" + type + "' is not 0..255 or a key type name");
    }

    private static long parseU64(String text, String offset) {
        try {
            return offset.equals("-1") ? -1L : Long.parseUnsignedLong(offset);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key '" + text + "': offset '" + offset + "' is not a u64", e);
        }
    }

    /** The key as {@link #parse} reads it back: numbers only, {@code objectid,type,offset}. */
    public String toArgument() {
        return Long.toUnsignedString(objectid) + "," + type + "," + Long.toUnsignedString(offset);
    }

    public boolean isAfter(Key other) {
        return compareTo(other) > 0;
    }

    /** The type's name as btrfs-progs prints it, e.g. {@code ROOT_ITEM} or {@code UNKNOWN.77}. */
    public String typeName() {
        return KeyType.name(objectid, type);
    }

    /** The key as btrfs-progs prints it: {@code (EXTENT_TREE ROOT_ITEM 0)}. */
    @Override
    public String toString() {
        return "(" + ObjectIds.name(objectid, type) + " " + typeName() + " " + offsetText() + ")";
    }

    private String offsetText() {
        if (type == KeyType.ROOT_ITEM.code() && objectid == ObjectIds.TREE_RELOC) {
            // A reloc tree's ROOT_ITEM offset is the id of the subvolume it relocates.
            return ObjectIds.name(offset, type);
        }
        if (type == KeyType.QGROUP_INFO.code() || type == KeyType.QGROUP_LIMIT.code()
                || type == KeyType.QGROUP_RELATION.code()) {
            return ObjectIds.qgroup(offset);
        }
        if (type == KeyType.UUID_KEY_SUBVOL.code() || type == KeyType.UUID_KEY_RECEIVED_SUBVOL.code()) {
            return String.format("0x%016x", offset);
        }
        if (type != KeyType.ROOT_ITEM.code() && offset == -1L) {
            return "-1";
        }
        return Long.toUnsignedString(offset);
    }
}
