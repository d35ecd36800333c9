package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which copy reads a block group's front: a device's shares of neighbouring stripes join. */
class ShareOrderTest {

    private static final long MIB = 1 << 20;
    private static final long L = 100 * MIB;

    private static ShareOrder.Group raid1(long devA, long physA, long devB, long physB) {
        return new ShareOrder.Group(L, new long[] { devA, devB }, new long[] { physA, physB },
                new long[] { L / 2, L / 2 });
    }

    /** Where a share begins or ends: a device and an offset on it. */
    private record Edge(long devid, long physical) {
    }

    /**
     * The oracle: how many shares end where another begins on the same device — the end of a
     * group's last non-empty share (its stripe's end) against the start of a group's first.
     */
    private static int joins(List<ShareOrder.Group> groups, int[][] orders) {
        Set<Edge> starts = new HashSet<>();
        for (int g = 0; g < orders.length; g++) {
            int first = endCopy(groups.get(g), orders[g], true);
            if (first >= 0) {
                starts.add(new Edge(groups.get(g).devids()[first], groups.get(g).physicals()[first]));
            }
        }
        int joins = 0;
        for (int g = 0; g < orders.length; g++) {
            ShareOrder.Group group = groups.get(g);
            int last = endCopy(group, orders[g], false);
            Edge end = last < 0 ? null : new Edge(group.devids()[last], group.physicals()[last] + group.length());
            if (end != null && starts.contains(end)) {
                joins++;
            }
        }
        return joins;
    }

    /** The copy that reads the group's first (or last) non-empty share; -1 if none reads any. */
    private static int endCopy(ShareOrder.Group group, int[] order, boolean fromFront) {
        for (int j = 0; j < order.length; j++) {
            int copy = order[fromFront ? j : order.length - 1 - j];
            if (group.shares()[copy] > 0) {
                return copy;
            }
        }
        return -1;
    }

    @Test
    void aDeviceHoldingTwoStripesBackToBackReadsTheBackOfTheFirstAndTheFrontOfTheSecond() {
        // devid 1 holds both groups back to back; devid 2 and 3 one each, elsewhere
        List<ShareOrder.Group> groups = List.of(raid1(1, 0, 2, 500 * MIB), raid1(3, 700 * MIB, 1, L));
        List<int[]> orders = ShareOrder.order(groups);
        assertArrayEquals(new int[] { 1, 0 }, orders.get(0), "devid 1 (copy 0) reads the first group's back");
        assertArrayEquals(new int[] { 1, 0 }, orders.get(1), "devid 1 (copy 1) reads the second group's front");
        assertEquals(1, joins(groups, orders.toArray(int[][]::new)));
    }

    @Test
    void aChainOfStripesJoinsAsFarAsTheMirrorsAllow() {
        // as on the benchmark's dense RAID1: devid 4 holds three groups back to back, each mirrored elsewhere
        List<ShareOrder.Group> groups = List.of(raid1(3, 0, 4, 0), raid1(1, 0, 4, L), raid1(3, 5 * L, 4, 2 * L));
        int[][] orders = ShareOrder.order(groups).toArray(int[][]::new);
        // the middle group cannot give devid 4 both its front and its back: one join of two
        assertEquals(1, joins(groups, orders));
        assertEquals(0, joins(groups, new int[][] { { 0, 1 }, { 0, 1 }, { 0, 1 } }),
                "in mirror order devid 4 reads three backs: no join");
    }

    @Test
    void dupCopiesBackToBackReadTheirMiddleAsOneStretch() {
        ShareOrder.Group dup = new ShareOrder.Group(L, new long[] { 1, 1 }, new long[] { 0, L },
                new long[] { L / 2, L / 2 });
        assertArrayEquals(new int[] { 1, 0 }, ShareOrder.order(List.of(dup)).get(0),
                "the second copy reads the front share, the first the back: [L/2, 3L/2) in one stretch");
    }

    @Test
    void withoutNeighboursTheMirrorOrderStays() {
        List<ShareOrder.Group> groups = List.of(raid1(1, 0, 2, 0), raid1(3, 0, 4, 0));
        List<int[]> orders = ShareOrder.order(groups);
        assertArrayEquals(new int[] { 0, 1 }, orders.get(0));
        assertArrayEquals(new int[] { 0, 1 }, orders.get(1));
    }

    @Test
    void aCopyWithoutAShareDoesNotCountAsAnEnd() {
        // copy 0 (devid 1) reads nothing of the first group: its end cannot join the second group's front
        ShareOrder.Group first = new ShareOrder.Group(L, new long[] { 1, 2 }, new long[] { 0, 500 * MIB },
                new long[] { 0, L });
        List<ShareOrder.Group> groups = List.of(first, raid1(3, 700 * MIB, 1, L));
        int[][] orders = ShareOrder.order(groups).toArray(int[][]::new);
        assertEquals(0, joins(groups, orders));
        assertArrayEquals(new int[] { 0, 1 }, orders[1], "nothing to gain: the mirror order stays");
    }
}
