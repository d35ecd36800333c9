package btrfs.workbench.readahead;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.NodePointer;

/**
 * What a readahead of a key range must read, computed by a plain recursive walk over the
 * simulated tree, independently of the engine: the root, and below every node read correctly
 * with the expected generation each child whose key span [key_i, next key) intersects
 * [start, end); an unreadable block (I/O error), one on missing devices only, or one at the
 * wrong level (damaged tree) is attempted but not descended into.
 */
final class Oracle {

    /**
     * @param reads     blocks the control reads (enqueued and submitted)
     * @param missing   blocks it wants but cannot queue (no copy on a present device)
     * @param blocks    blocks read successfully
     * @param errors    failed reads plus missing
     * @param genSkips  nodes read whose generation did not match
     * @param submits   reads issued with failover: one per block, one per usable copy of a block
     *                  none of whose copies can be read
     */
    record Expect(Set<Long> reads, Set<Long> missing, long blocks, long errors, long genSkips, long submits) {
    }

    private final SimArray a;
    private final Key start;
    private final Key end;
    private final Set<Long> reads = new LinkedHashSet<>();
    private final Set<Long> missing = new LinkedHashSet<>();
    private long blocks;
    private long errors;
    private long genSkips;

    private Oracle(SimArray a, Key start, Key end) {
        this.a = a;
        this.start = start;
        this.end = end;
    }

    static Expect expect(SimArray a, long root, long rootGeneration, Key start, Key end) {
        return expect(a, root, rootGeneration, -1, start, end);
    }

    static Expect expect(SimArray a, long root, long rootGeneration, int rootLevel, Key start, Key end) {
        Oracle o = new Oracle(a, start, end);
        o.visit(root, rootGeneration, rootLevel, Key.MAX);
        long submits = 0;
        for (long logical : o.reads) {
            submits += a.failing.contains(logical) || a.everyCopyBad(logical) ? a.usableCopies(logical) : 1;
        }
        return new Expect(Set.copyOf(o.reads), Set.copyOf(o.missing), o.blocks, o.errors, o.genSkips, submits);
    }

    static Expect expect(SimArray a, SimArray.Tree t, Key start, Key end) {
        return expect(a, t.root(), t.rootGeneration(), start, end);
    }

    private void visit(long logical, long generation, int level, Key top) {
        if (!a.readable(logical)) {
            missing.add(logical);
            errors++;
            return;
        }
        reads.add(logical);
        if (a.failing.contains(logical) || a.everyCopyBad(logical)) {
            errors++;
            return;
        }
        SimArray.Block b = a.block(logical);
        if (level >= 0 && b.level() != level) {
            errors++; // damaged tree: not the level the parent implies
            return;
        }
        blocks++;
        if (b.level() == 0) {
            return;
        }
        if (b.generation() != generation) {
            genSkips++;
            return;
        }
        List<NodePointer> ptrs = b.pointers();
        for (int i = 0; i < ptrs.size(); i++) {
            Key lo = ptrs.get(i).key();
            Key hi = i + 1 < ptrs.size() ? ptrs.get(i + 1).key() : top;
            boolean intersects = lo.compareTo(end) < 0 && hi.compareTo(start) > 0;
            if (intersects) {
                visit(ptrs.get(i).blockptr(), ptrs.get(i).generation(), b.level() - 1, hi);
            }
        }
    }
}
