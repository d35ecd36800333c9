package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The zone stream's cuts: copies share a block group so that their devices come out level. */
class StreamSharesTest {

    private static final long MIB = 1 << 20;
    private static final long UNIT = 16384;

    private static long[] cut(StreamShares shares, long length, List<Long> devids) {
        return shares.cutAll(List.of(length), List.of(devids)).get(0);
    }

    @Test
    void equalDevicesShareEvenly() {
        assertArrayEquals(new long[] { 0, MIB / 2, MIB }, cut(new StreamShares(UNIT), MIB, List.of(1L, 2L)));
    }

    @Test
    void theLessLoadedDeviceReadsMoreUntilBothAreLevel() {
        StreamShares full = new StreamShares(UNIT);
        full.add(1, 3 * MIB);
        assertArrayEquals(new long[] { 0, 0, 2 * MIB }, cut(full, 2 * MIB, List.of(1L, 2L)), "all to devid 2");
        // devid 1 streams 3 MiB of striped groups: two groups on both level them at 4.5 MiB
        StreamShares shares = new StreamShares(UNIT);
        shares.add(1, 3 * MIB);
        List<long[]> cuts = shares.cutAll(List.of(4 * MIB, 2 * MIB), List.of(List.of(1L, 2L), List.of(1L, 2L)));
        assertEquals(3 * MIB / 2, cuts.get(0)[1] + cuts.get(1)[1], "devid 1 reads 1.5 of the 6 MiB: " + cuts);
        assertEquals(4 * MIB, cuts.get(0)[2]);
        assertEquals(2 * MIB, cuts.get(1)[2]);
    }

    @Test
    void threeCopiesFillTheLowestFirst() {
        StreamShares shares = new StreamShares(UNIT);
        shares.add(2, MIB);
        shares.add(3, 5 * MIB);
        // level 2 MiB: devid 1 reads 2, devid 2 reads 1, devid 3 (already above it) nothing
        assertArrayEquals(new long[] { 0, 2 * MIB, 3 * MIB, 3 * MIB }, cut(shares, 3 * MIB, List.of(1L, 2L, 3L)));
    }

    @Test
    void copiesOnOneDeviceAreCutEvenly() {
        StreamShares shares = new StreamShares(UNIT);
        shares.add(1, 7 * MIB);
        assertArrayEquals(new long[] { 0, MIB, 2 * MIB }, cut(shares, 2 * MIB, List.of(1L, 1L)));
    }

    @Test
    void sharesAreWholeUnitsAndCoverTheGroup() {
        StreamShares shares = new StreamShares(UNIT);
        shares.add(1, 5 * UNIT + 1000);
        long length = 101 * UNIT;
        long[] cuts = cut(shares, length, List.of(1L, 2L, 3L));
        assertEquals(0, cuts[0]);
        assertEquals(length, cuts[3]);
        for (int i = 0; i < 3; i++) {
            assertTrue(cuts[i + 1] >= cuts[i], Arrays.toString(cuts));
            assertEquals(0, (cuts[i + 1] - cuts[i]) % UNIT, Arrays.toString(cuts));
        }
    }

    /**
     * Chunks of 256 MiB on the pairs below, as unevenly as the benchmark's 4-device RAID1 places
     * them. Cut evenly, devid 1 streams 640 MiB and devid 2 256; levelled, no device streams more
     * than 1 % over its fair quarter (448 MiB; one water-filling pass alone left 496).
     */
    @Test
    void unevenChunkPlacementComesOutLevel() {
        List<List<Long>> pairs = List.of(List.of(1L, 4L), List.of(3L, 1L), List.of(4L, 3L), List.of(1L, 4L),
                List.of(2L, 1L), List.of(3L, 2L), List.of(4L, 1L));
        long chunk = 256 * MIB;
        Map<Long, Long> even = new HashMap<>();
        StreamShares shares = new StreamShares(UNIT);
        Map<Long, Long> levelled = new HashMap<>();
        List<long[]> cuts = shares.cutAll(pairs.stream().map(p -> chunk).toList(), pairs);
        for (int g = 0; g < pairs.size(); g++) {
            List<Long> pair = pairs.get(g);
            pair.forEach(d -> even.merge(d, chunk / 2, Long::sum));
            for (int i = 0; i < 2; i++) {
                levelled.merge(pair.get(i), cuts.get(g)[i + 1] - cuts.get(g)[i], Long::sum);
            }
        }
        long total = pairs.size() * chunk;
        long evenMax = even.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long levelMax = levelled.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(total, levelled.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(levelMax <= total / 4 * 101 / 100, "levelled " + levelled + ", even " + even);
        assertTrue(levelMax < evenMax, "levelled " + levelled + ", even " + even);
    }
}
