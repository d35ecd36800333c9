package btrfs.workbench.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import btrfs.workbench.bench.array.DeviceRange;
import btrfs.workbench.bench.array.MetadataRanges;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * The measured readers on a committed array (no root needed): they read what btrfs-progs says
 * the trees hold, and the limit reads exactly the tree-block block groups.
 */
class EngineAndLimitTest {

    private static final TestArray ARRAY = TestArrays.named("raid10-xxhash-16k");

    @Test
    void everyStrategyReadsEveryBlockOfTheFsTree() throws Exception {
        int expected = ArrayTruth.of(ARRAY).blocks(5).size();
        List<Path> images = ARRAY.unpackedImages();
        for (Method method : List.of(Method.READA_FS, Method.NAIVE_FS, Method.NAIVE_DIRECT_FS, Method.DIRECT_FS,
                Method.NO_STREAM_FS, Method.NORMAL_FS)) {
            Sample sample = EngineRead.run(Measurer.spec(method, images), method.scope());
            assertFalse(sample.failed(), method + ": " + sample.error());
            assertEquals(expected, sample.blocks(), method.label());
            assertEquals(expected * 16384L, sample.bytes(), method.label());
            assertTrue(sample.seconds() > 0);
        }
    }

    @Test
    void allTreesAreReadWithSharedBlocksOnce() throws Exception {
        ArrayTruth truth = ArrayTruth.of(ARRAY);
        Set<Long> distinct = new HashSet<>();
        truth.trees().forEach(t -> truth.blocks(t.id()).forEach(b -> distinct.add(b.bytenr())));
        Sample sample = EngineRead.run(Measurer.spec(Method.READA_ALL, ARRAY.unpackedImages()), Scope.ALL);
        assertEquals(distinct.size(), sample.blocks());
        assertTrue(sample.bytes() >= distinct.size() * 16384L, "a shared block may be read twice, never not at all");
    }

    @Test
    void theLimitReadsEveryByteOfTheRanges() throws Exception {
        Map<Path, List<DeviceRange>> ranges;
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) BtrfsFilesystem.openPaths(ARRAY.unpackedImages()))
                .filesystem()) {
            ranges = MetadataRanges.of(fs);
        }
        Sample sample = LimitRead.run(ranges);
        assertFalse(sample.failed(), sample.error());
        assertEquals(MetadataRanges.total(ranges), sample.bytes());
        assertEquals(4, ranges.size());
    }

    @Test
    void theFloorReadsOneCopyOnEveryDevice() throws Exception {
        Map<Path, List<DeviceRange>> all;
        Map<Path, List<DeviceRange>> floor;
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) BtrfsFilesystem.openPaths(ARRAY.unpackedImages()))
                .filesystem()) {
            all = MetadataRanges.of(fs);
            floor = MetadataRanges.oneCopy(fs);
        }
        Sample sample = LimitRead.run(floor);
        assertFalse(sample.failed(), sample.error());
        assertEquals(MetadataRanges.total(floor), sample.bytes());
        assertEquals(MetadataRanges.total(all) / 2, sample.bytes(), "RAID10: one of the two copies");
        assertEquals(all.keySet(), floor.keySet());
    }

    @Test
    void aDeviceThatEndsInsideARangeFailsTheSampleNotTheRun() throws Exception {
        Path image = ARRAY.unpackedImages().get(0);
        long size = java.nio.file.Files.size(image);
        Sample sample = LimitRead.run(Map.of(image, List.of(new DeviceRange(size - 4096, size + 4096))));
        assertTrue(sample.failed());
        assertTrue(sample.error().contains("ends at"), sample.error());
    }
}
