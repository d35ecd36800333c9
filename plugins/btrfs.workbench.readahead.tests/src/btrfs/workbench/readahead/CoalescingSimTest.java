package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;

/**
 * {@link Coalescing} on its own: a device's next queued blocks join one read while each lies at
 * most the gap after the previous one's end, in its current zone, and the span stays within the
 * coalesced read's size — and the blocks read are those a run without coalescing reads.
 */
class CoalescingSimTest {

    @ParameterizedTest(name = "reads of up to {0} blocks, holes up to {1} blocks")
    @CsvSource({ "4, 0", "8, 2", "1, 0" })
    void readsJoinOnlyNearbyBlocksOfTheZoneUpToTheSpan(int blocks, int gapBlocks) throws Exception {
        SimArray a = new SimArray(blocks * 10L + gapBlocks, Profile.SINGLE, 1, 3, 48, null);
        SimArray.Tree t = a.addTree("t", 3, 4, 8, 0, 0);
        int nodesize = a.nodesize();
        Trace trace = Harness.driven(a, t, Harness.direct(Strategy.READA).withCoalesceBytes(blocks * nodesize)
                .withCoalesceGapBytes(gapBlocks * nodesize));
        assertEquals(t.blocks(), new HashSet<>(trace.submitted()), "the blocks of a run without coalescing");
        Map<Long, List<Submit>> reads = new LinkedHashMap<>();
        for (Submit s : trace.of(Submit.class)) {
            reads.computeIfAbsent(s.read(), r -> new ArrayList<>()).add(s);
        }
        for (List<Submit> read : reads.values()) {
            Submit first = read.get(0);
            Submit last = read.get(read.size() - 1);
            assertTrue(last.physical() + nodesize - first.physical() <= (long) blocks * nodesize,
                    "span within " + blocks + " blocks: " + read);
            for (int i = 1; i < read.size(); i++) {
                long hole = read.get(i).physical() - (read.get(i - 1).physical() + nodesize);
                assertTrue(hole >= 0 && hole <= (long) gapBlocks * nodesize, "hole of " + hole + " in " + read);
                assertEquals(a.blockGroup(first.logical()), a.blockGroup(read.get(i).logical()), "one zone: " + read);
            }
        }
        long joined = reads.values().stream().filter(r -> r.size() > 1).count();
        assertTrue(blocks == 1 ? joined == 0 : joined > 0, joined + " reads of several blocks among " + reads.size());
    }
}
