package btrfs.workbench.readahead.spi;

import java.util.List;

/**
 * What the readahead engine needs from a filesystem — implemented over the metadata library for
 * real disks and images, and by an in-memory simulated array in the tests.
 * <p>
 * Thread-safety: every method may be called from several threads at once. {@code nodesize},
 * {@code devices}, {@code mirrors} and {@code blockGroup} must be cheap, non-blocking lookups in
 * memory (the chunk map); the engine calls them without holding its lock, but on its hot path.
 */
public interface ReadaheadTarget {

    /** The tree block size in bytes. */
    int nodesize();

    /** All devices of the filesystem, in the order the machine visits them (kernel: dev_list). */
    List<Device> devices();

    /**
     * The copies of the tree block at {@code logical}, as the kernel's
     * {@code btrfs_map_block(BTRFS_MAP_GET_READ_MIRRORS)} lists them, in its order: one entry
     * per stripe copy, including copies on missing devices (the engine skips those); DUP gives
     * two entries on one device; RAID1/RAID1C3/RAID10 one per mirror; a dev-replace target's
     * copy may follow. For RAID5/6 only the data stripe holding the block: parity is not a
     * readable copy of the block (it can only rebuild it together with the other data
     * stripes), so it must not be offered as a mirror. An empty list if the address is not
     * mapped.
     */
    List<StripeCopy> mirrors(long logical);

    /** The block group containing {@code logical}, or null if there is none. */
    BlockGroup blockGroup(long logical);

    /**
     * Starts reading the tree block at {@code logical} from exactly {@code copy} (no fallback to
     * another mirror: the engine reads the next copy itself when failover is on) and returns
     * at once. Later, on any thread, calls {@code done} exactly once. Must not block.
     */
    void read(StripeCopy copy, long logical, ReadCallback done);

    /**
     * Reads the tree blocks {@code logicals.get(i)}, whose copies {@code copies.get(i)} lie in
     * ascending order on one device (each at or after the end of the previous one), as one I/O
     * of the span from the first copy to the end of the last where the target can — the bytes
     * between them read and dropped — and calls {@code done.get(i)} once for each block, as
     * {@link #read} would: the engine's coalesced read, which the FIXME in reada.c asks for. The
     * default reads them one by one.
     */
    default void readSpan(List<StripeCopy> copies, List<Long> logicals, List<ReadCallback> done) {
        for (int i = 0; i < copies.size(); i++) {
            read(copies.get(i), logicals.get(i), done.get(i));
        }
    }
}
