package btrfs.workbench.snapshot.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;

/** A device queue's change between frames, applied to the frame before, gives the frame after. */
class ExtentListDeltaTest {

    private static ExtentSnapshot extent(long logical, ExtentStatus status) {
        return new ExtentSnapshot(logical, logical + 1_000_000, status, status == ExtentStatus.SCHEDULED ? 2 : -1, 1, 7);
    }

    private static List<ExtentSnapshot> queue(long... logicals) {
        List<ExtentSnapshot> list = new ArrayList<>();
        for (long l : logicals) {
            list.add(extent(l, ExtentStatus.QUEUED));
        }
        return list;
    }

    @Test
    void readsAtTheHeadAndNewExtentsBehindAreADifference() {
        List<ExtentSnapshot> before = queue(10, 20, 30, 40);
        List<ExtentSnapshot> after = new ArrayList<>(queue(30, 35, 40, 50));
        after.set(0, extent(30, ExtentStatus.SCHEDULED));
        ExtentListDelta delta = ExtentListDelta.between(before, after);
        assertNull(delta.full());
        assertEquals(List.of(10L, 20L), delta.removed());
        assertEquals(List.of(1, 3), delta.inserted().stream().map(ExtentListDelta.At::index).toList());
        assertEquals(1, delta.updated().size());
        assertEquals(after, delta.applyTo(before));
    }

    @Test
    void aNewReadOrderOrATwiceListedExtentIsWrittenWhole() {
        List<ExtentSnapshot> before = queue(10, 20, 30, 40);
        assertNotNull(ExtentListDelta.between(before, queue(30, 40, 10, 20)).full(), "wrapped to a new zone");
        assertNotNull(ExtentListDelta.between(queue(10, 10), queue(10)).full());
        assertEquals(queue(30, 40, 10, 20), ExtentListDelta.between(before, queue(30, 40, 10, 20)).applyTo(before));
    }

    @Test
    void randomChangesRoundTrip() {
        Random random = new Random(42);
        List<ExtentSnapshot> before = queue();
        for (int step = 0; step < 2000; step++) {
            List<ExtentSnapshot> after = mutate(before, random);
            ExtentListDelta delta = ExtentListDelta.between(before, after);
            assertEquals(after, delta.applyTo(before), "step " + step);
            before = after;
        }
    }

    /** Drops some, changes some, inserts some new ones anywhere, now and then rotates. */
    private static List<ExtentSnapshot> mutate(List<ExtentSnapshot> list, Random random) {
        List<ExtentSnapshot> out = new ArrayList<>();
        for (ExtentSnapshot e : list) {
            int dice = random.nextInt(10);
            if (dice == 0) {
                continue;
            }
            out.add(dice == 1 ? extent(e.logical(), ExtentStatus.SCHEDULED) : e);
        }
        for (int i = random.nextInt(5); i > 0; i--) {
            long logical = random.nextLong(1 << 20) * 16384;
            if (out.stream().noneMatch(e -> e.logical() == logical)) {
                out.add(random.nextInt(out.size() + 1), extent(logical, ExtentStatus.QUEUED));
            }
        }
        if (random.nextInt(20) == 0 && out.size() > 2) {
            int cut = random.nextInt(out.size());
            List<ExtentSnapshot> rotated = new ArrayList<>(out.subList(cut, out.size()));
            rotated.addAll(out.subList(0, cut));
            return rotated;
        }
        return out;
    }
}
