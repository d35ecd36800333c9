package btrfs.workbench.metadata.fs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import btrfs.workbench.metadata.FlagNames;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.tree.BlockProblem;
import btrfs.workbench.metadata.tree.Leaf;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.TreeWalker;

/**
 * The free space tree (space_cache=v2): which bytes of a block group hold nothing. Keyed by
 * logical address: per block group a FREE_SPACE_INFO (start, 198, length), then its free space as
 * FREE_SPACE_EXTENT keys (start, 199, length) or, where it is fragmented, FREE_SPACE_BITMAP items
 * (start, 200, length) holding a bit per sector, set where the sector is free (bit i of byte i/8,
 * lowest first, as the kernel's le bitmaps).
 */
final class FreeSpaceTree {

    private FreeSpaceTree() {
    }

    /**
     * The free ranges of {@code [from, to)}, ascending, adjacent ones merged; empty when the
     * filesystem has no free space tree, the kernel did not mark it valid, or a block or item of it
     * in that range is damaged: then nothing can be said of the range.
     */
    static Optional<List<ByteRange>> free(Superblock sb, Optional<TreeRoot> tree, TreeWalker walker, long from,
            long to) {
        if (tree.isEmpty() || !sb.hasCompatRo(FlagNames.COMPAT_RO_FREE_SPACE_TREE)
                || !sb.hasCompatRo(FlagNames.COMPAT_RO_FREE_SPACE_TREE_VALID)) {
            return Optional.empty();
        }
        List<ByteRange> free = new ArrayList<>();
        boolean[] bad = { false };
        List<BlockProblem> problems = walker.forEachItem(tree.get(),
                new KeyRange(new Key(from, 0, 0), new Key(to, 0, 0)), (leaf, i) -> {
                    if (!bad[0] && !addItem(leaf, i, sb.sectorsize(), from, to, free)) {
                        bad[0] = true;
                    }
                });
        return problems.isEmpty() && !bad[0] ? Optional.of(merged(free)) : Optional.empty();
    }

    /** Adds what one item says is free; false for an item that cannot be right. */
    private static boolean addItem(Leaf leaf, int i, int sectorsize, long from, long to, List<ByteRange> free) {
        Key key = leaf.items().get(i).key();
        long start = key.objectid();
        long end = start + key.offset();
        boolean extent = key.type() == KeyType.FREE_SPACE_EXTENT.code();
        boolean bitmap = key.type() == KeyType.FREE_SPACE_BITMAP.code();
        if (!extent && !bitmap) {
            return true; // FREE_SPACE_INFO: counts and flags only
        }
        if (key.offset() <= 0 || start < from || end > to || end < start) {
            return false; // free space of another block group, or a length that wraps
        }
        if (extent) {
            free.add(new ByteRange(start, end));
            return true;
        }
        return addBitmap(leaf.itemData(i), start, end, sectorsize, free);
    }

    private static boolean addBitmap(ByteBuffer bits, long start, long end, int sectorsize, List<ByteRange> free) {
        long sectors = (end - start) / sectorsize;
        if ((end - start) % sectorsize != 0 || bits.remaining() != (sectors + 7) / 8) {
            return false;
        }
        long runStart = -1;
        for (long s = 0; s <= sectors; s++) {
            boolean set = s < sectors && (bits.get(bits.position() + (int) (s >>> 3)) & (1 << (s & 7))) != 0;
            if (set && runStart < 0) {
                runStart = s;
            } else if (!set && runStart >= 0) {
                free.add(new ByteRange(start + runStart * sectorsize, start + s * sectorsize));
                runStart = -1;
            }
        }
        return true;
    }

    private static List<ByteRange> merged(List<ByteRange> ranges) {
        ranges.sort((a, b) -> Long.compare(a.start(), b.start()));
        List<ByteRange> out = new ArrayList<>();
        for (ByteRange r : ranges) {
            ByteRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r.start() <= last.end()) {
                out.set(out.size() - 1, new ByteRange(last.start(), Math.max(last.end(), r.end())));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }
}
