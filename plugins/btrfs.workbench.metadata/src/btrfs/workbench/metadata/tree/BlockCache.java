package btrfs.workbench.metadata.tree;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A reader that keeps the last blocks it read, for walkers that search one tree many times from
 * its root down: opening a filesystem looks up one BLOCK_GROUP_ITEM per chunk, and a zone
 * stream's plan the free space of each block group. Without it the root of the extent tree was
 * read again for every chunk (10 of the 23 reads of a cold open of the benchmark's dense RAID1,
 * each a wait for the device before the readahead can start).
 * <p>
 * A block is kept with what its referrer promised ({@link BlockExpectation}), so a search that
 * expects something else (another generation, another level) reads it again. A bad read is never
 * kept: the next search tries again. Blocks are immutable once read, so a kept one is handed out
 * as it is.
 */
public final class BlockCache implements TreeBlockReader {

    private record Asked(long logical, BlockExpectation expect) {
    }

    private final TreeBlockReader reader;
    private final Map<Asked, BlockRead.Good> blocks;

    /** @param capacity how many blocks to keep, the least recently used dropped first */
    public BlockCache(TreeBlockReader reader, int capacity) {
        this.reader = Objects.requireNonNull(reader, "reader");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.blocks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Asked, BlockRead.Good> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized BlockRead read(long logical, BlockExpectation expect) {
        Asked asked = new Asked(logical, expect);
        BlockRead.Good kept = blocks.get(asked);
        if (kept != null) {
            return kept;
        }
        BlockRead read = reader.read(logical, expect);
        if (read instanceof BlockRead.Good good) {
            blocks.put(asked, good);
        }
        return read;
    }
}
