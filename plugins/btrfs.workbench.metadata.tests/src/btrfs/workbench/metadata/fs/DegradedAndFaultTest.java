package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.ReadOnlyDevice;
import btrfs.workbench.metadata.chunk.Mirror;
import btrfs.workbench.metadata.io.PositionalReader;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.BlockProblem;
import btrfs.workbench.metadata.tree.BlockRead;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.WalkResult;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.SuperblockEdits;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Devices in any order, missing, foreign, duplicated or stale, and damaged copies: every case
 * is a typed result naming block, device and mirror, and mirrored metadata stays readable.
 */
class DegradedAndFaultTest {

    @TestFactory
    Stream<DynamicTest> devicesMayBeGivenInAnyOrder() {
        return multiDevice().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            List<Path> reversed = new ArrayList<>(array.unpackedImages());
            Collections.reverse(reversed);
            try (BtrfsFilesystem inOrder = OpenArrays.open(array);
                    BtrfsFilesystem backwards = OpenArrays.open(reversed)) {
                assertEquals(inOrder.chunkMap().chunks(), backwards.chunkMap().chunks());
                assertEquals(inOrder.treeRoots(), backwards.treeRoots());
                assertEquals(List.of(), backwards.problems());
            }
        }));
    }

    /** With metadata in RAID1/RAID1C3/RAID10, any one device may be missing: every tree is still complete. */
    @TestFactory
    Stream<DynamicTest> mirroredMetadataSurvivesAnyMissingDevice() {
        return multiDevice().filter(DegradedAndFaultTest::metadataMirrored).flatMap(array -> array.devices().stream()
                .map(missing -> DynamicTest.dynamicTest(array.name() + " without devid " + missing.devid(), () -> {
                    List<Path> images = new ArrayList<>(array.unpackedImages());
                    images.remove(missing.index() - 1);
                    try (BtrfsFilesystem fs = OpenArrays.open(images)) {
                        assertEquals(List.of(missing.devid()),
                                fs.missingDevices().stream().map(FsDevice::devid).toList());
                        assertTrue(fs.problems().stream().anyMatch(p -> p instanceof DeviceProblem d
                                && d.kind() == DeviceProblem.Kind.MISSING && d.devid() == missing.devid()));
                        assertTreesComplete(array, fs, missing.devid());
                    }
                })));
    }

    private static void assertTreesComplete(TestArray array, BtrfsFilesystem fs, long missingDevid) {
        ArrayTruth truth = ArrayTruth.of(array);
        for (ArrayTruth.TreeRow tree : truth.trees()) {
            WalkResult walk = fs.collect(fs.treeRoot(tree.id()).orElseThrow(), KeyRange.ALL);
            assertEquals(List.of(), walk.problems(), tree.name());
            for (BlockProblem recovered : walk.recovered()) {
                assertEquals(BlockProblem.Kind.DEVICE_MISSING, recovered.kind(), recovered.message());
                assertEquals(missingDevid, recovered.devid());
            }
            assertEquals(truth.blocks(tree.id()).stream().map(ArrayTruth.BlockLine::toString).toList(),
                    walk.breadthFirst().stream().map(b -> b.block().headerLine()).toList());
        }
    }

    /** RAID0 and RAID5 metadata without a device: blocks on it are reported, nothing throws. */
    @TestFactory
    Stream<DynamicTest> stripedMetadataReportsBlocksOnTheMissingDevice() {
        // Only the kernel-written arrays: the mkfs-written ones hold too few blocks to be sure one is on the device.
        Stream<TestArray> striped = TestArrays.all().stream().filter(a -> a.numDevices() > 1 && !metadataMirrored(a));
        return striped.map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            List<Path> images = new ArrayList<>(array.unpackedImages());
            images.remove(images.size() - 1);
            try (BtrfsFilesystem fs = OpenArrays.open(images)) {
                List<MetadataProblem> problems = new ArrayList<>(fs.problems());
                for (TreeRoot root : fs.treeRoots()) {
                    problems.addAll(fs.collect(root, KeyRange.ALL).problems());
                }
                assertTrue(problems.stream().anyMatch(p -> p instanceof BlockProblem b
                        && b.kind() == BlockProblem.Kind.DEVICE_MISSING), problems.toString());
            }
        }));
    }

    @Test
    void damagedFirstCopyIsReadFromTheSecond() throws IOException {
        for (FaultyReader.Fault fault : FaultyReader.Fault.values()) {
            BlockProblem.Kind expected = switch (fault) {
                case IO_ERROR -> BlockProblem.Kind.READ_ERROR;
                case FLIP_BYTE -> BlockProblem.Kind.CHECKSUM_MISMATCH;
                case ZEROS -> BlockProblem.Kind.BYTENR_MISMATCH;
            };
            TestArray dup = TestArrays.named("dup-xxhash-4k");
            Mirror first = mirrorsOfRootTreeRoot(dup).get(0);
            try (ReadOnlyDevice device = ReadOnlyDevice.open(dup.unpackedImages().get(0))) {
                PositionalReader faulty = new FaultyReader(device, first.physical(), 4096, fault);
                try (BtrfsFilesystem fs = opened(List.of(faulty))) {
                    TreeRoot root = fs.treeRoot(1).orElseThrow();
                    BlockRead read = fs.readTreeBlock(root.bytenr(), root.level(), root.generation());
                    BlockRead.Good good = assertInstanceOf(BlockRead.Good.class, read);
                    assertEquals(2, good.mirror());
                    BlockProblem problem = good.problems().get(0);
                    assertEquals(List.of(expected, 1, first.devid(), first.physical()),
                            List.of(problem.kind(), problem.mirror(), problem.devid(), problem.physical()),
                            fault.name());
                    assertTrue(fs.collect(root, KeyRange.ALL).recovered().contains(problem));
                }
            }
        }
    }

    @Test
    void bothCopiesDamagedIsAFailedReadNamingEach() throws IOException {
        TestArray dup = TestArrays.named("dup-xxhash-4k");
        List<Mirror> mirrors = mirrorsOfRootTreeRoot(dup);
        try (ReadOnlyDevice device = ReadOnlyDevice.open(dup.unpackedImages().get(0))) {
            FaultyReader.Fault flip = FaultyReader.Fault.FLIP_BYTE;
            PositionalReader once = new FaultyReader(device, mirrors.get(0).physical(), 4096, flip);
            PositionalReader twice = new FaultyReader(once, mirrors.get(1).physical(), 4096, flip);
            try (BtrfsFilesystem fs = opened(List.of(twice))) {
                TreeRoot root = fs.treeRoot(1).orElseThrow();
                BlockRead.Bad bad = assertInstanceOf(BlockRead.Bad.class,
                        fs.readTreeBlock(root.bytenr(), root.level(), root.generation()));
                assertEquals(List.of(1, 2), bad.problems().stream().map(BlockProblem::mirror).toList());
                assertTrue(bad.problems().stream().allMatch(p -> p.kind() == BlockProblem.Kind.CHECKSUM_MISMATCH));
                assertEquals(mirrors, bad.problems().stream().map(p -> new Mirror(p.devid(), p.physical())).toList());
                assertFalse(fs.problems().isEmpty(), "opening read the root tree and reports it");
            }
        }
    }

    @Test
    void wrongExpectationsAndImpossibleAddressesAreTyped() throws IOException {
        try (BtrfsFilesystem fs = OpenArrays.open(TestArrays.named("raid1-blake2-16k"))) {
            TreeRoot root = fs.treeRoot(5).orElseThrow();
            assertKinds(fs.readTreeBlock(root.bytenr(), root.level() + 1, root.generation()),
                    BlockProblem.Kind.LEVEL_MISMATCH, 2);
            assertKinds(fs.readTreeBlock(root.bytenr(), root.level(), root.generation() + 1),
                    BlockProblem.Kind.GENERATION_MISMATCH, 2);
            assertKinds(fs.readTreeBlock(root.bytenr() + 4096, BlockExpectation.ANY_LEVEL,
                    BlockExpectation.ANY_GENERATION), BlockProblem.Kind.BYTENR_MISMATCH, 2);
            assertKinds(fs.readTreeBlock(4096, 0, 0), BlockProblem.Kind.UNMAPPED, 1);
            assertKinds(fs.readTreeBlock(root.bytenr() + 1, 0, 0), BlockProblem.Kind.BAD_ADDRESS, 1);
            assertKinds(fs.readTreeBlock(-4096, 0, 0), BlockProblem.Kind.UNMAPPED, 1);
        }
    }

    private static void assertKinds(BlockRead read, BlockProblem.Kind kind, int count) {
        BlockRead.Bad bad = assertInstanceOf(BlockRead.Bad.class, read);
        assertEquals(count, bad.problems().size(), bad.problems().toString());
        assertTrue(bad.problems().stream().allMatch(p -> p.kind() == kind), bad.problems().toString());
    }

    @Test
    void devicesOfAnotherFilesystemAndDuplicatesAreLeftOut() throws IOException {
        TestArray single = TestArrays.named("single-crc32c-16k");
        TestArray other = TestArrays.named("raid0-sha256-16k");
        List<Path> images = new ArrayList<>(single.unpackedImages());
        images.add(other.unpackedImages().get(0));
        images.add(single.unpackedImages().get(0));
        try (BtrfsFilesystem fs = OpenArrays.open(images)) {
            assertEquals(List.of(DeviceProblem.Kind.OTHER_FILESYSTEM, DeviceProblem.Kind.DUPLICATE_DEVID),
                    fs.problems().stream().map(p -> ((DeviceProblem) p).kind()).toList());
            assertEquals(single.fsid(), fs.superblock().fsid());
            assertEquals(ArrayTruth.of(single).trees().size(), fs.treeRoots().size());
        }
    }

    @Test
    void olderSuperblockOnOneDeviceIsReportedAsStale(@TempDir Path scratch) throws IOException {
        TestArray raid1 = TestArrays.named("raid1-quota-sha256-32k");
        List<Path> images = raid1.unpackedImages();
        Path copy = Files.copy(images.get(1), scratch.resolve("dev2.img"));
        long generation = Long.parseLong(raid1.get("generation"));
        SuperblockEdits.setGeneration(copy, generation - 1);
        // The copy at 64 MiB still has the current generation; without it the primary is newest.
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4096), 64L << 20);
        }
        try (BtrfsFilesystem fs = OpenArrays.open(List.of(images.get(0), copy))) {
            assertEquals(List.of("STALE devid 2"), fs.problems().stream()
                    .map(p -> ((DeviceProblem) p).kind() + " devid " + ((DeviceProblem) p).devid()).toList());
            assertEquals(generation, fs.superblock().generation());
        }
    }

    @Test
    void withoutAnyBtrfsDeviceOpeningFailsWithAReasonPerDevice(@TempDir Path scratch) throws IOException {
        Path zeros = scratch.resolve("zeros.img");
        Files.write(zeros, new byte[1 << 20]);
        Path absent = scratch.resolve("absent.img");
        FilesystemOpen result = BtrfsFilesystem.openPaths(List.of(zeros, absent));
        FilesystemOpen.Failed failed = assertInstanceOf(FilesystemOpen.Failed.class, result);
        assertEquals(2, failed.problems().size(), failed.problems().toString());
        assertTrue(failed.problems().stream().allMatch(p -> ((DeviceProblem) p).kind() == DeviceProblem.Kind.UNUSABLE));
    }

    private static List<Mirror> mirrorsOfRootTreeRoot(TestArray array) throws IOException {
        try (BtrfsFilesystem fs = OpenArrays.open(array)) {
            return fs.chunkMap().mirrors(fs.superblock().root());
        }
    }

    static BtrfsFilesystem opened(List<PositionalReader> devices) {
        FilesystemOpen result = BtrfsFilesystem.open(devices);
        return assertInstanceOf(FilesystemOpen.Opened.class, result).filesystem();
    }

    private static Stream<TestArray> multiDevice() {
        return OpenArrays.all().stream().filter(a -> a.numDevices() > 1);
    }

    /** Every METADATA and SYSTEM chunk keeps a copy on another device. */
    private static boolean metadataMirrored(TestArray array) {
        return ArrayTruth.of(array).chunks().stream().filter(c -> !c.type().startsWith("DATA|"))
                .allMatch(c -> c.type().matches(".*\\|(RAID1|RAID1C3|RAID1C4|RAID10)"));
    }
}
