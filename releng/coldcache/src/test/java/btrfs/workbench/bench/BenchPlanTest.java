package btrfs.workbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import btrfs.workbench.bench.array.ArraySpec;
import btrfs.workbench.bench.array.LoopMode;
import btrfs.workbench.bench.measure.Method;

class BenchPlanTest {

    @Test
    void theFullPlanHasTheIssuesArrays() {
        BenchPlan full = BenchPlan.full(3);
        ArraySpec raid1 = full.compared().get(0);
        assertEquals(4, raid1.devices());
        assertEquals("raid1", raid1.metadataProfile());
        assertTrue(raid1.metadataTarget() >= ArraySpec.GIB, "at least 1 GiB of metadata");
        assertTrue(raid1.minMetadataGroups() >= 8, "at least 8 metadata block groups");
        assertEquals(List.of("raid1", "raid10", "dup", "raid1"),
                full.compared().stream().map(ArraySpec::metadataProfile).toList());
        assertEquals(4, full.compared().get(1).devices());
        assertEquals(1, full.compared().get(2).devices());
        ArraySpec dense = full.compared().get(3);
        assertTrue(dense.deviceBytes() <= 256 * ArraySpec.MIB && 2 * dense.metadataTarget() >= dense.devices()
                * dense.deviceBytes() * 4 / 10, "small devices, mostly metadata: " + dense);
        assertEquals(List.of(Method.values()), full.methods());
        assertEquals(List.of(LoopMode.DIRECT, LoopMode.BUFFERED), full.loopModes(), "both ways, direct I/O first");
    }

    @Test
    void theScalingSeriesGrowsAndEndsWithTheLargeArray() {
        for (BenchPlan plan : List.of(BenchPlan.full(3), BenchPlan.quick(3))) {
            List<Long> sizes = plan.scaling().stream().map(ArraySpec::metadataTarget).toList();
            assertEquals(3, sizes.size());
            assertTrue(sizes.get(0) < sizes.get(1) && sizes.get(1) < sizes.get(2), sizes.toString());
            assertEquals(plan.compared().get(0), plan.scaling().get(2));
            assertEquals(2, plan.scalingOnly().size());
            assertEquals(6, plan.arrays().size(), "the shared array is built once");
            assertEquals(plan.scaling().get(0), plan.warmUp());
        }
    }

    @Test
    void quickArraysAreSmallAndCachedUnderOtherNames() {
        Set<String> full = new HashSet<>(BenchPlan.full(3).arrays().stream().map(ArraySpec::name).toList());
        for (ArraySpec quick : BenchPlan.quick(3).arrays()) {
            assertTrue(quick.metadataTarget() <= 64 * ArraySpec.MIB, quick.toString());
            // a quick run must not replace (delete) a cached full array of the same name
            assertTrue(full.stream().noneMatch(f -> quick.name().startsWith(f + "-v")), quick.name());
            assertTrue(!full.contains(quick.name()), quick.name());
        }
    }

    @Test
    void everyRunStartsWithAnotherMethod() {
        BenchPlan plan = BenchPlan.quick(3);
        assertEquals(Method.values()[0], plan.order(0).get(0));
        assertNotEquals(plan.order(1), plan.order(2));
        assertEquals(Set.copyOf(plan.methods()), Set.copyOf(plan.order(2)));
    }

    /** Over three runs a method stands in the first third of the sequence once and in the last third once. */
    @Test
    void everyMethodIsMeasuredEarlyAndLateOnceEach() {
        BenchPlan plan = BenchPlan.full(3);
        int n = plan.methods().size();
        for (Method m : plan.methods()) {
            List<Integer> places = List.of(plan.order(0).indexOf(m), plan.order(1).indexOf(m), plan.order(2).indexOf(m));
            assertTrue(places.stream().filter(p -> p < n / 3).count() <= 1, m + " early twice: " + places);
            assertTrue(places.stream().filter(p -> p >= n - n / 3).count() <= 1, m + " late twice: " + places);
        }
    }

    /** The method run just before another is another one in each of three runs (the first counts as one). */
    @Test
    void everyMethodFollowsAnotherMethodInEachRun() {
        BenchPlan plan = BenchPlan.full(3);
        for (Method m : plan.methods()) {
            Set<Method> before = new HashSet<>();
            for (int run = 0; run < 3; run++) {
                List<Method> order = plan.order(run);
                int place = order.indexOf(m);
                before.add(place == 0 ? null : order.get(place - 1));
            }
            assertEquals(3, before.size(), m + " follows " + before);
        }
    }
}
