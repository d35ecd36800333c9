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
    /** v4.19: a block whose copy at mirror_num 1 lies on a missing device fails to read. */
    private boolean stripeZeroRead;
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
        return new Oracle(a, start, end).walk(root, rootGeneration, rootLevel);
    }

    static Expect expect(SimArray a, SimArray.Tree t, Key start, Key end) {
        return expect(a, t.root(), t.rootGeneration(), start, end);
    }

    /**
     * What the v4.19 engine reads of the whole tree when every block has one copy on a present
     * device (RAID1 on two devices, one missing): that device is the first of the compacted
     * zones, so it reads mirror_num 1 — stripe 0 — and a block whose stripe 0 is on the missing
     * device fails, its branch cut.
     */
    static Expect expectV419(SimArray a, SimArray.Tree t) {
        Oracle o = new Oracle(a, Key.MIN, Key.MAX);
        o.stripeZeroRead = true;
        return o.walk(t.root(), t.rootGeneration(), -1);
    }

    private Expect walk(long root, long rootGeneration, int rootLevel) {
        visit(root, rootGeneration, rootLevel, Key.MAX);
        long submits = 0;
        for (long logical : reads) {
            submits += fails(logical) && !stripeZeroRead ? a.usableCopies(logical) : 1;
        }
        return new Expect(Set.copyOf(reads), Set.copyOf(missing), blocks, errors, genSkips, submits);
    }

    private boolean fails(long logical) {
        return a.failing.contains(logical) || a.everyCopyBad(logical)
                || stripeZeroRead && a.missing.contains(a.mirrors(logical).get(0).devid());
    }

    private void visit(long logical, long generation, int level, Key top) {
        if (!a.readable(logical)) {
            missing.add(logical);
            errors++;
            return;
        }
        reads.add(logical);
        if (fails(logical)) {
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
