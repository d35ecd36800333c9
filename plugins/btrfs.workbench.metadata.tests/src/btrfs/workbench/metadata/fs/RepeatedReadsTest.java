package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.DeviceReader;
import btrfs.workbench.metadata.io.PositionalReader;
import btrfs.workbench.metadata.item.BlockGroupItem;
import btrfs.workbench.metadata.tree.BlockCache;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.BlockRead;
import btrfs.workbench.metadata.tree.TreeBlockReader;
import btrfs.workbench.testsupport.ForwardingReader;
import btrfs.workbench.testsupport.TestArray;

/**
 * Searches repeated per chunk (opening) and per block group (free space) read the blocks they
 * share once: every read before the readahead starts is a wait for the device.
 */
class RepeatedReadsTest {

    /** A device that counts its reads by offset and length. */
    private static final class CountingReader extends ForwardingReader {
        final Map<List<Long>, Integer> reads = new HashMap<>();

        CountingReader(PositionalReader device) {
            super(device);
        }

        @Override
        public synchronized void readFully(long physical, ByteBuffer dst) throws IOException {
            reads.merge(List.of(physical, (long) dst.remaining()), 1, Integer::sum);
            device.readFully(physical, dst);
        }

        /** The tree blocks (reads of {@code nodesize} bytes) read more than once, with their count. */
        synchronized Map<Long, Integer> repeated(int nodesize) {
            Map<Long, Integer> repeated = new HashMap<>();
            reads.forEach((read, count) -> {
                if (read.get(1) == nodesize && count > 1) {
                    repeated.put(read.get(0), count);
                }
            });
            return repeated;
        }

        synchronized void forget() {
            reads.clear();
        }
    }

    private record Counted(BtrfsFilesystem fs, List<CountingReader> devices, List<DeviceReader> files) {
        Map<Long, Integer> repeated() {
            Map<Long, Integer> all = new HashMap<>();
            devices.forEach(d -> all.putAll(d.repeated(fs.nodesize())));
            return all;
        }

        void close() throws IOException {
            fs.close();
            for (DeviceReader file : files) {
                file.close();
            }
        }
    }

    private static Counted open(TestArray array) throws IOException {
        List<DeviceReader> files = new ArrayList<>();
        List<CountingReader> devices = new ArrayList<>();
        for (Path image : array.unpackedImages()) {
            DeviceReader file = DeviceReader.open(image, false);
            files.add(file);
            devices.add(new CountingReader(file));
        }
        FilesystemOpen result = BtrfsFilesystem.open(devices);
        return new Counted(assertInstanceOf(FilesystemOpen.Opened.class, result).filesystem(), devices, files);
    }

    /** Arrays whose opening searches more than one chunk's block group: the searches share the extent tree's root. */
    @TestFactory
    Stream<DynamicTest> openingReadsEachTreeBlockOnce() {
        return OpenArrays.all().stream().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            Counted counted = open(array);
            try {
                assertTrue(counted.fs().blockGroups().size() > 1, "more than one block group to look up");
                assertEquals(Map.of(), counted.repeated(), "tree blocks (offset=reads) read again while opening");
            } finally {
                counted.close();
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> freeSpaceOfEveryBlockGroupReadsEachTreeBlockOnce() {
        return OpenArrays.all().stream().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            Counted counted = open(array);
            try {
                counted.devices().forEach(CountingReader::forget);
                for (BlockGroupItem group : counted.fs().blockGroups()) {
                    counted.fs().freeSpace(group.logical(), group.logical() + group.length());
                }
                assertEquals(Map.of(), counted.repeated(), "tree blocks (offset=reads) read again");
            } finally {
                counted.close();
            }
        }));
    }

    /** A kept block is handed out only for the same expectation, the least recently used dropped; bad reads are never kept. */
    @Test
    void blocksAreKeptPerExpectationWithinCapacityAndBadReadsAreNot() throws IOException {
        Counted counted = open(OpenArrays.all().get(0));
        try {
            BtrfsFilesystem fs = counted.fs();
            Map<Long, Integer> asked = new HashMap<>();
            TreeBlockReader reader = (logical, expect) -> {
                asked.merge(logical, 1, Integer::sum);
                return fs.blockReader().read(logical, expect);
            };
            BlockCache cache = new BlockCache(reader, 1);
            long root = fs.superblock().root();
            long chunkRoot = fs.superblock().chunkRoot();
            BlockExpectation exact = BlockExpectation.of(fs.superblock().rootLevel(), fs.superblock().generation());
            assertInstanceOf(BlockRead.Good.class, cache.read(root, exact));
            cache.read(root, exact);
            assertEquals(1, asked.get(root), "the same block with the same expectation is read once");
            cache.read(root, BlockExpectation.NONE);
            assertEquals(2, asked.get(root), "another expectation reads it again");
            cache.read(chunkRoot, BlockExpectation.NONE);
            cache.read(root, BlockExpectation.NONE);
            assertEquals(3, asked.get(root), "a capacity of one keeps only the last block");
            long unmapped = 1L << 60;
            assertInstanceOf(BlockRead.Bad.class, cache.read(unmapped, BlockExpectation.NONE));
            cache.read(unmapped, BlockExpectation.NONE);
            assertEquals(2, asked.get(unmapped), "a bad read is read again");
        } finally {
            counted.close();
        }
    }
}
