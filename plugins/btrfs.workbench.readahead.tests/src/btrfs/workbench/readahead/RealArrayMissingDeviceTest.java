package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ReadError;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/** Acceptance 5 on kernel-written arrays: device images left out. */
class RealArrayMissingDeviceTest {

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3 })
    void raid1WithOneDeviceAbsentReadsEveryBlockFromTheOthers(int absent) throws Exception {
        TestArray a = TestArrays.named("raid1-blake2-16k");
        long absentDevid = a.devices().get(absent - 1).devid();
        try (RealArray r = RealArray.openWithout(a, Set.of(absent))) {
            Set<Long> expected = new HashSet<>();
            List<ReadaheadRequest> requests = new ArrayList<>();
            for (ArrayTruth.TreeRow t : ArrayTruth.of(a).trees()) {
                expected.addAll(r.progsBlocks(t.id()));
                requests.add(RealArray.whole(r.root(t.id())));
            }
            for (Strategy strategy : Strategy.values()) {
                RealArray.Outcome o = r.run(strategy, requests);
                assertEquals(expected, o.read(), strategy.label());
                o.controls.forEach(c -> assertEquals(0, c.errors(), c.label() + " " + c.errorList()));
                assertFalse(o.trace.submitsPerDevice().containsKey(absentDevid), "nothing read on the absent device");
                assertEquals(List.of(), o.violations(false), strategy.label());
            }
        }
    }

    /**
     * RAID5/6 metadata has one readable copy of each block for readahead (parity is not a copy):
     * with a device absent, the blocks on it are errors that cut their branches, everything else
     * is read, and the run ends. (The RAID0 test array cannot be opened with any device absent:
     * each holds part of its chunk or root tree.)
     */
    @ParameterizedTest
    @ValueSource(strings = { "raid5-crc32c-16k", "raid6-sha256-16k" })
    void singleCopyBlocksOnAnAbsentDeviceAreErrorsNotAHang(String name) throws Exception {
        TestArray a = TestArrays.named(name);
        int opened = 0;
        for (int absent = 1; absent <= a.devices().size(); absent++) {
            long absentDevid = a.devices().get(absent - 1).devid();
            RealArray r;
            try {
                r = RealArray.openWithout(a, Set.of(absent));
            } catch (AssertionError e) {
                continue; // the chunk tree had a block on it: the filesystem cannot be opened at all
            }
            if (r.fs.treeRoot(btrfs.workbench.metadata.key.ObjectIds.FS_TREE).isEmpty()) {
                r.close(); // the root tree had a block on it: no tree to read
                continue;
            }
            opened++;
            try (RealArray full = RealArray.open(a); r) {
                TreeRoot root = r.root(btrfs.workbench.metadata.key.ObjectIds.FS_TREE);
                for (Strategy strategy : Strategy.values()) {
                    RealArray.Outcome o = r.run(strategy, List.of(RealArray.whole(root)));
                    Expected e = expected(full, root.bytenr(), absentDevid);
                    ControlSnapshot c = o.controls.get(0);
                    assertTrue(e.lost > 0, "device " + absent + " holds some fs tree blocks");
                    assertEquals(e.read, o.read(), strategy.label());
                    assertEquals(e.lost, c.errors(), strategy.label());
                    for (ReadError err : c.errorList()) {
                        assertEquals(0, err.devid());
                        assertEquals("no copy of the block on a present device", err.reason());
                    }
                    assertEquals(List.of(), o.violations(true), strategy.label());
                }
            }
        }
        assertTrue(opened > 0, "some device of " + a + " can be left out and the filesystem still opens");
    }

    private record Expected(Set<Long> read, int lost) {
    }

    /** From the complete array: blocks reachable without passing a block that is only on {@code absent}. */
    private static Expected expected(RealArray full, long root, long absent) {
        Set<Long> read = new HashSet<>();
        int lost = 0;
        Deque<Long> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            long block = todo.pop();
            List<StripeCopy> copies = full.target.mirrors(block);
            if (copies.stream().allMatch(m -> m.devid() == absent)) {
                lost++;
            } else if (read.add(block)) {
                todo.addAll(full.children(block));
            }
        }
        return new Expected(read, lost);
    }
}
