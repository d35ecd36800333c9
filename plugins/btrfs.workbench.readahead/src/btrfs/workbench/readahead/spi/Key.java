package btrfs.workbench.readahead.spi;

/**
 * A btrfs key as the readahead engine sees it: objectid, type, offset, compared unsigned.
 * <p>
 * Deliberately the engine's own minimal record (same shape as the metadata library's key) so
 * the engine builds without the metadata library; an adapter converts, or this record is
 * swapped for the library's later.
 *
 * @param objectid u64 (negative in Java above {@link Long#MAX_VALUE})
 * @param type     u8, 0..255
 * @param offset   u64
 */
public record Key(long objectid, int type, long offset) implements Comparable<Key> {

    /** The smallest key, (0, 0, 0). */
    public static final Key MIN = new Key(0, 0, 0);

    /** The kernel's {@code max_key} of btrfs_reada_add: all bits set; the root extent's top. */
    public static final Key MAX = new Key(-1L, 0xff, -1L);

    public Key {
        if (type < 0 || type > 0xff) {
            throw new IllegalArgumentException("key type " + type + " is not a u8");
        }
    }

    /** btrfs_comp_cpu_keys: objectid, then type, then offset, all unsigned. */
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

    public boolean isAfter(Key other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return "(" + Long.toUnsignedString(objectid) + " " + type + " " + Long.toUnsignedString(offset) + ")";
    }
}
