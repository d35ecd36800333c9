package btrfs.workbench.readahead.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import btrfs.workbench.metadata.fs.ByteRange;

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
     * Every block group that holds tree blocks (metadata and system), in logical order: what zone
     * streaming reads. Empty (the default) for a target that cannot tell: then nothing streams.
     */
    default List<BlockGroup> treeBlockGroups() {
        return List.of();
    }

    /**
     * The free ranges of {@code group} (one of {@link #treeBlockGroups()}), ascending: bytes no
     * tree block occupies, which zone streaming need not read. Empty (the default) when the target
     * cannot tell.
     */
    default List<ByteRange> freeSpace(BlockGroup group) {
        return List.of();
    }

    /**
     * Bytes of tree blocks in each tree the target holds, by tree id, as its ROOT_ITEM counts them
     * (0 for the root and chunk trees, which no ROOT_ITEM counts): under {@code StreamZones.AUTO}
     * a batch streams when the trees it reads whole make the tree block groups dense enough. Empty
     * (the default) for a target that cannot tell: then {@code AUTO} never streams.
     */
    default Map<Long, Long> treeBytes() {
        return Map.of();
    }

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

    /**
     * A read of the engine's zone stream (see {@code ZoneStream}): as {@link #readSpan}, but the
     * target may read it another way — around the page cache, since a stream reads each byte
     * once. The default is {@link #readSpan}.
     */
    default void streamSpan(List<StripeCopy> copies, List<Long> logicals, List<ReadCallback> done) {
        readSpan(copies, logicals, done);
    }

    /**
     * The root tree {@code tree} has <em>now</em>: the newest superblock and, for trees other
     * than the root and chunk tree, its ROOT_ITEM in the newest root tree, both read again from
     * the devices (a mounted filesystem goes on changing under a readahead). Used to restart
     * a readahead below a block whose generation changed. May block (it reads); never called
     * with the engine lock held. Empty if the tree is gone or the target cannot tell (the
     * default).
     */
    default Optional<TreeLink> currentRoot(long tree) {
        return Optional.empty();
    }

    /**
     * Whether the filesystem is mounted and may change under the readahead (false, the default:
     * an image or an unmounted array, where a block unlike its parent's pointer is damage). On a
     * live filesystem a pointer read a moment ago may name a block freed and written again since:
     * the engine then counts a block at another level <em>and</em> generation, or in a chunk it
     * does not know, as changed during the run, not as an error.
     */
    default boolean live() {
        return false;
    }
}
