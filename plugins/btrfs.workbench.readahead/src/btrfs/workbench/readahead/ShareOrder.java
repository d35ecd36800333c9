package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * In which order the copies of a block group read its shares, front to back: so that a device's
 * shares of neighbouring stripes join into one sequential read. The shares' sizes are {@link
 * StreamShares}'; which copy reads the front is free. A device holding two block groups back to
 * back (the allocator places them so) that reads the back of the first and the front of the second
 * reads one stretch instead of two: one seek less on a disk, and under a page cache (a loop device
 * on a file, a device read through its cache) no readahead window wasted past the end of the first
 * share (on the benchmark's dense RAID1 on buffered loop devices the disk read 494 MB per fs-tree
 * run for the 396 the stream asked in mirror order, 477 MB in this one; see docs/benchmarks.md).
 * Only the first and the last share of a group meet other stripes; the middle ones (RAID1C3/4)
 * keep the mirror order.
 */
final class ShareOrder {

    /**
     * One block group as the plan cuts it: where each copy's stripe starts, on which device, and
     * how many bytes each copy streams ({@code shares[i]} for copy i, 0 for a copy that reads none).
     */
    record Group(long length, long[] devids, long[] physicals, long[] shares) {
    }

    /** Where a share begins or ends: a device and an offset on it. */
    private record Edge(long devid, long physical) {
    }

    private ShareOrder() {
    }

    /**
     * Per group, the copies in the order they read its shares (copy {@code order[j]} reads the j-th
     * share from the front). Every place where one copy's stripe ends where another's begins on the
     * same device is a possible join: the first copy reading its group's back, the second its
     * group's front. They are taken greedily in device and offset order, each when it agrees with
     * the ends already given (a copy cannot read both ends of a group of several copies; of two
     * copies, the one not reading the back reads the front). Ends not given keep the mirror order.
     */
    static List<int[]> order(List<Group> groups) {
        int n = groups.size();
        int[] firsts = new int[n];
        int[] lasts = new int[n];
        Arrays.fill(firsts, -1);
        Arrays.fill(lasts, -1);
        Map<Edge, int[]> startsAt = new HashMap<>(); // {group, copy} by where its stripe starts
        Map<Edge, int[]> endsAt = new TreeMap<>(
                Comparator.comparingLong(Edge::devid).thenComparingLong(Edge::physical));
        for (int g = 0; g < n; g++) {
            Group group = groups.get(g);
            for (int c = 0; c < group.devids().length; c++) {
                if (group.shares()[c] > 0) {
                    startsAt.put(new Edge(group.devids()[c], group.physicals()[c]), new int[] { g, c });
                    endsAt.put(new Edge(group.devids()[c], group.physicals()[c] + group.length()), new int[] { g, c });
                }
            }
        }
        for (Map.Entry<Edge, int[]> end : endsAt.entrySet()) {
            int[] back = end.getValue();
            int[] front = startsAt.get(end.getKey());
            if (front != null && fits(firsts, lasts, back[0], back[1], front[0], front[1])) {
                give(groups, lasts, firsts, back[0], back[1]);
                give(groups, firsts, lasts, front[0], front[1]);
            }
        }
        List<int[]> orders = new ArrayList<>(n);
        for (int g = 0; g < n; g++) {
            orders.add(order(groups.get(g).devids().length, firsts[g], lasts[g]));
        }
        return orders;
    }

    /** Whether copy {@code c} may read the back of group {@code g} and copy {@code d} the front of {@code h}. */
    private static boolean fits(int[] firsts, int[] lasts, int g, int c, int h, int d) {
        boolean backFree = (lasts[g] == -1 || lasts[g] == c) && firsts[g] != c;
        boolean frontFree = (firsts[h] == -1 || firsts[h] == d) && lasts[h] != d;
        return backFree && frontFree;
    }

    /** Gives copy {@code c} the end {@code ends} of group {@code g}; of two copies the other gets the other end. */
    private static void give(List<Group> groups, int[] ends, int[] otherEnds, int g, int c) {
        ends[g] = c;
        if (groups.get(g).devids().length == 2 && otherEnds[g] == -1) {
            otherEnds[g] = 1 - c;
        }
    }

    /** Copy {@code first} first, {@code last} last (either -1: as in mirror order), the others in mirror order. */
    private static int[] order(int k, int first, int last) {
        if (first == -1 && last == -1) {
            return identity(k);
        }
        int f = first != -1 ? first : (last == 0 ? 1 : 0);
        int l = last != -1 ? last : (f == k - 1 ? k - 2 : k - 1);
        if (k < 2 || f == l) {
            return identity(k);
        }
        int[] order = new int[k];
        order[0] = f;
        order[k - 1] = l;
        int j = 1;
        for (int i = 0; i < k; i++) {
            if (i != f && i != l) {
                order[j++] = i;
            }
        }
        return order;
    }

    private static int[] identity(int k) {
        int[] order = new int[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        return order;
    }
}
