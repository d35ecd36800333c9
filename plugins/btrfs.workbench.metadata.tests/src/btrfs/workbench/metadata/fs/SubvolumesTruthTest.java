package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.ArrayTruth.SubvolumeLine;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Subvolume ids, parents, generations, uuids and paths of every array equal what
 * {@code btrfs subvolume list -p -u -q} printed on the mounted top level (truth/subvolumes.txt);
 * the mkfs-written arrays, which have no subvolumes.txt, have only the top level.
 */
class SubvolumesTruthTest {

    @TestFactory
    Stream<DynamicTest> subvolumesEqualBtrfsSubvolumeList() {
        return OpenArrays.perArray(a -> ArrayTruth.of(a).hasSubvolumes(), c -> {
            Subvolumes subvolumes = c.fs().subvolumes();
            assertEquals(List.of(), subvolumes.problems());
            assertEquals(truthLines(c.array()), ourLines(subvolumes));
        });
    }

    /** btrfs subvolume list leaves the top level out; here it comes first, with the empty path. */
    @TestFactory
    Stream<DynamicTest> topLevelComesFirstWithTheEmptyPath() {
        return OpenArrays.perArray(c -> {
            Subvolume top = c.fs().subvolumes().list().get(0);
            assertEquals(ObjectIds.FS_TREE, top.id());
            assertEquals("", top.path());
            assertEquals("<FS_TREE>", top.label());
            assertTrue(top.pathKnown());
        });
    }

    /** The subvolumes are exactly the subvolume trees of {@link BtrfsFilesystem#treeRoots()}, same roots. */
    @TestFactory
    Stream<DynamicTest> subvolumeRootsAreTheFilesystemsTreeRoots() {
        return OpenArrays.perArray(c -> {
            List<TreeRoot> expected = c.fs().treeRoots().stream().filter(r -> r.rootItemKey() != null)
                    .filter(r -> ObjectIds.isSubvolume(r.id())).toList();
            assertEquals(expected, c.fs().subvolumes().list().stream().map(Subvolume::root).toList());
        });
    }

    @TestFactory
    Stream<DynamicTest> mkfsArraysHaveOnlyTheTopLevel() {
        List<String> mkfs = OpenArrays.mkfsArrays().stream().map(TestArray::name).toList();
        return OpenArrays.perArray(a -> mkfs.contains(a.name()),
                c -> assertEquals(List.of(ObjectIds.FS_TREE),
                        c.fs().subvolumes().list().stream().map(Subvolume::id).toList()));
    }

    /** Every committed kernel-written array has the truth (arrays of -Dbtrfs.workbench.arrays may predate it). */
    @Test
    void everyCommittedArrayHasSubvolumeTruth() {
        Assumptions.assumeTrue(System.getProperty("btrfs.workbench.arrays", "").isBlank(),
                "run on other arrays");
        for (TestArray array : TestArrays.all()) {
            ArrayTruth truth = ArrayTruth.of(array);
            assertTrue(truth.hasSubvolumes(), array.name() + " has no truth/subvolumes.txt");
            assertTrue(!truth.subvolumes().isEmpty(), array.name() + ": subvolumes.txt lists none");
        }
    }

    private static List<String> truthLines(TestArray array) {
        return ArrayTruth.of(array).subvolumes().stream().map(SubvolumeLine::toString).toList();
    }

    /**
     * Ours as btrfs subvolume list prints them: "top level" is the parent, and the top level itself
     * and deleted subvolumes (listed only with -d) are left out.
     */
    private static List<String> ourLines(Subvolumes subvolumes) {
        return subvolumes.list().stream().filter(s -> !s.isTopLevel() && !s.isDeleted())
                .map(s -> new SubvolumeLine(s.id(), s.root().generation(), s.parentId(), s.parentId(),
                        s.item().parentUuid(), s.item().uuid(), s.path()).toString())
                .toList();
    }
}
