package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.item.BlockGroupItem;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArrays;

/**
 * The free space tree on the kernel-written arrays (extents, and bitmaps on the single, mixed and
 * DUP ones): in every block group the free bytes are exactly what its BLOCK_GROUP_ITEM (the extent
 * tree's, a structure of its own) leaves unused, and no tree block btrfs-progs dumps lies in a
 * free range.
 */
class FreeSpaceTreeTest {

    @TestFactory
    Stream<DynamicTest> freeSpaceIsWhatTheBlockGroupsLeaveAndHoldsNoTreeBlock() {
        return TestArrays.all().stream().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            try (BtrfsFilesystem fs = OpenArrays.open(array)) {
                TreeMap<Long, ByteRange> free = new TreeMap<>();
                for (BlockGroupItem group : fs.blockGroups()) {
                    List<ByteRange> ranges = fs.freeSpace(group.logical(), group.logical() + group.length())
                            .orElseThrow(() -> new AssertionError("no free space tree"));
                    long bytes = ranges.stream().mapToLong(ByteRange::length).sum();
                    assertEquals(group.length() - group.used(), bytes, "free bytes of " + group.typeString()
                            + " block group " + group.logical());
                    ranges.forEach(r -> free.put(r.start(), r));
                }
                ArrayTruth truth = ArrayTruth.of(array);
                int nodesize = fs.nodesize();
                for (ArrayTruth.TreeRow tree : truth.trees()) {
                    for (ArrayTruth.BlockLine block : truth.blocks(tree.id())) {
                        Map.Entry<Long, ByteRange> before = free.floorEntry(block.bytenr() + nodesize - 1);
                        assertTrue(before == null || before.getValue().end() <= block.bytenr(),
                                () -> "tree block " + block.bytenr() + " in free range " + before.getValue());
                    }
                }
            }
        }));
    }
}
