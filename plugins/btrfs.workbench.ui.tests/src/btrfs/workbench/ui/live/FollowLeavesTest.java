package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IStatus;
import org.junit.jupiter.api.Test;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.testing.Launches;

/**
 * Follow leaves from the GUI, as {@code readahead --tree root --follow-leaves}: one control on the
 * root tree reads every block of every tree of the array, each once (btrfs-progs' lists).
 */
class FollowLeavesTest {

    @Test
    void followingTheRootTreeReadsEveryTreeOnce() throws Exception {
        TestArray truth = TestArrays.named("raid10-xxhash-16k");
        BtrfsArray array = Launches.scanned(truth.dir());
        RunSpec root = Launches.oneTree(array, IoModel.NONE, ObjectIds.ROOT_TREE);
        RunJob job = Launches.runToEnd(array, root.toBuilder().following(new Following(true, false)).build());

        Set<Long> all = new HashSet<>();
        for (ArrayTruth.TreeRow t : ArrayTruth.of(truth).trees()) {
            ArrayTruth.of(truth).blocks(t.id()).forEach(b -> all.add(b.bytenr()));
        }
        assertEquals(IStatus.OK, job.getResult().getSeverity(), job.getResult().getMessage());
        List<ControlSnapshot> controls = job.live().frame().controls();
        assertEquals(1, controls.size());
        assertEquals(all.size(), controls.get(0).blocks(), "every block of every tree, each once");
        assertEquals(0, controls.get(0).errors());
    }
}
