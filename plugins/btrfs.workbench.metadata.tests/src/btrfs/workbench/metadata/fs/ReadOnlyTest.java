package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.TestDevice;

/**
 * The read-only rule: opening an array, walking every tree and reading every mirror of every
 * block leaves each image byte for byte as the kernel wrote it (the sha256 of array.tsv).
 */
class ReadOnlyTest {

    @TestFactory
    Stream<DynamicTest> readingEverythingChangesNoImage() {
        return OpenArrays.all().stream().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            List<Path> images = array.unpackedImages();
            // array.tsv has the sha256 of each image as the kernel left it: the hash before.
            List<String> asWritten = array.devices().stream().map(TestDevice::sha256).toList();
            try (BtrfsFilesystem fs = OpenArrays.open(images)) {
                for (TreeRoot root : fs.treeRoots()) {
                    for (VisitedBlock block : fs.collect(root, KeyRange.ALL).blocks()) {
                        BlockExpectation expect = BlockExpectation.of(block.level(), block.generation());
                        for (int m = 1; m <= fs.blockReader().mirrorCount(block.bytenr()); m++) {
                            fs.blockReader().readMirror(block.bytenr(), m, expect);
                        }
                    }
                }
            }
            assertEquals(asWritten, List.copyOf(Hashes.sha256(images).values()));
        }));
    }
}
