package btrfs.workbench.metadata.key;

import java.util.Objects;

/**
 * A key range [start, end): start inclusive, end exclusive, like the
 * kernel's readahead ({@code btrfs_reada_add(root, start, end)}).
 */
public record KeyRange(Key start, Key end) {

    /** Every key there can be (a key equal to {@link Key#MAX} does not occur in practice). */
    public static final KeyRange ALL = new KeyRange(Key.MIN, Key.MAX);

    public KeyRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public boolean contains(Key key) {
        return key.compareTo(start) >= 0 && key.isBefore(end);
    }

    /** All keys with this objectid and type, any offset. */
    public static KeyRange ofType(long objectid, KeyType type) {
        Key start = new Key(objectid, type.code(), 0);
        // The exclusive end is the first key of the next type (or next objectid after type 255).
        Key end = type.code() < 0xff ? new Key(objectid, type.code() + 1, 0) : new Key(objectid + 1, 0, 0);
        return new KeyRange(start, end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
