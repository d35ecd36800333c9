package btrfs.workbench.bench.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

class MetadataRangesTest {

    @Test
    void touchingAndOverlappingRangesAreJoined() {
        List<DeviceRange> merged = MetadataRanges.merge(List.of(new DeviceRange(30, 40), new DeviceRange(0, 10),
                new DeviceRange(10, 20), new DeviceRange(35, 50), new DeviceRange(5, 8), new DeviceRange(60, 61)));
        assertEquals(List.of(new DeviceRange(0, 20), new DeviceRange(30, 50), new DeviceRange(60, 61)), merged);
    }

    /** The metadata and system chunks btrfs-progs lists: where tree blocks live. */
    private static List<ArrayTruth.ChunkRow> treeBlockChunks(TestArray array) {
        return ArrayTruth.of(array).chunks().stream()
                .filter(c -> c.type().contains("METADATA") || c.type().contains("SYSTEM")).toList();
    }

    /** RAID1 and DUP: every stripe of a metadata or system chunk is as long as the chunk. */
    @ParameterizedTest
    @ValueSource(strings = {"raid1-blake2-16k", "dup-xxhash-4k"})
    void theRangesAreTheStripesOfTheTreeBlockChunks(String name) throws IOException {
        TestArray array = TestArrays.named(name);
        List<ArrayTruth.ChunkRow> chunks = treeBlockChunks(array);
        try (BtrfsFilesystem fs = open(array.unpackedImages())) {
            Map<Path, List<DeviceRange>> ranges = MetadataRanges.of(fs);
            assertEquals(array.numDevices(), ranges.size());
            long expected = chunks.stream().mapToLong(c -> c.length() * c.numStripes()).sum();
            assertEquals(expected, MetadataRanges.total(ranges));
            for (ArrayTruth.ChunkRow chunk : chunks) {
                for (ArrayTruth.StripeRow stripe : chunk.stripes()) {
                    Path device = array.unpackedImages().get((int) stripe.devid() - 1);
                    assertTrue(ranges.get(device).stream().anyMatch(r -> r.start() <= stripe.physical()
                            && stripe.physical() + chunk.length() <= r.end()), chunk + " on " + device);
                }
            }
        }
    }

    /**
     * One copy: each tree-block chunk's bytes once (a parity profile's stripes whole), its
     * mirrors sharing them, so that every device holding a copy reads a part.
     */
    @ParameterizedTest
    @ValueSource(strings = {"raid1-blake2-16k", "dup-xxhash-4k", "raid10-xxhash-16k", "raid1c3-crc32c-64k",
            "single-crc32c-16k", "raid5-crc32c-16k"})
    void oneCopyReadsEachBlockGroupOnceSplitOverItsMirrors(String name) throws IOException {
        TestArray array = TestArrays.named(name);
        List<ArrayTruth.ChunkRow> chunks = treeBlockChunks(array);
        try (BtrfsFilesystem fs = open(array.unpackedImages())) {
            Map<Path, List<DeviceRange>> floor = MetadataRanges.oneCopy(fs);
            long expected = chunks.stream().mapToLong(c -> c.type().matches(".*RAID[56].*")
                    ? c.length() / (c.numStripes() - (c.type().contains("RAID6") ? 2 : 1)) * c.numStripes()
                    : c.length()).sum();
            assertEquals(expected, MetadataRanges.total(floor));
            assertEquals(MetadataRanges.of(fs).keySet(), floor.keySet(), "every device holding a copy reads a part");
        }
    }

    @Test
    void sharesOfAStripeAreAdjoiningStripeUnitsFromStartToEnd() {
        for (int k = 1; k <= 4; k++) {
            long length = 100 * MetadataRanges.ALIGN + 4096;
            assertEquals(0, MetadataRanges.shareBound(length, 0, k));
            assertEquals(length, MetadataRanges.shareBound(length, k, k));
            for (int i = 1; i < k; i++) {
                long bound = MetadataRanges.shareBound(length, i, k);
                assertEquals(0, bound % MetadataRanges.ALIGN);
                assertTrue(bound > MetadataRanges.shareBound(length, i - 1, k));
                assertTrue(Math.abs(bound - length * i / k) < MetadataRanges.ALIGN, "shares of about equal size");
            }
        }
    }

    static BtrfsFilesystem open(List<Path> images) {
        return ((FilesystemOpen.Opened) BtrfsFilesystem.openPaths(images)).filesystem();
    }
}
