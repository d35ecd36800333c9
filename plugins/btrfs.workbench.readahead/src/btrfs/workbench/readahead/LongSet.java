package btrfs.workbench.readahead;

/**
 * A set of longs without boxing: open addressing with linear probing in one {@code long[]},
 * grown at half full. The readahead's run-wide "already read" set of block addresses: 8 bytes a
 * slot, so 16 to 32 bytes per block read (a million blocks: 16 to 32 MB), where a
 * {@code HashSet<Long>} would take about 60. Not thread-safe (used under the engine lock).
 */
final class LongSet {

    /** Marks a free slot; 0 itself is kept aside, as no tree block lies at logical 0 anyway. */
    private static final long FREE = 0;

    private long[] slots = new long[64];
    private int size;
    private boolean hasZero;

    /** Adds {@code value}; false if it was there. */
    boolean add(long value) {
        if (value == FREE) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int i = index(value, slots.length);
        while (slots[i] != FREE) {
            if (slots[i] == value) {
                return false;
            }
            i = (i + 1) & (slots.length - 1);
        }
        slots[i] = value;
        size++;
        return true;
    }

    boolean contains(long value) {
        if (value == FREE) {
            return hasZero;
        }
        for (int i = index(value, slots.length); slots[i] != FREE; i = (i + 1) & (slots.length - 1)) {
            if (slots[i] == value) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long v : old) {
            if (v != FREE) {
                int i = index(v, slots.length);
                while (slots[i] != FREE) {
                    i = (i + 1) & (slots.length - 1);
                }
                slots[i] = v;
            }
        }
    }

    /**
     * Block addresses are multiples of the sectorsize: their low bits are zero, so they are mixed
     * (a 64-bit multiplicative hash) before the table size cuts them.
     */
    private static int index(long value, int length) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & (length - 1);
    }
}
