package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.DevItem;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.Stripe;
import btrfs.workbench.metadata.chunk.SysChunkArray;
import btrfs.workbench.metadata.item.BlockGroupItem;
import btrfs.workbench.metadata.item.DevExtent;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestDevice;

/**
 * The chunk map, the devices, the block groups and the device extents of every committed
 * array equal the chunk tree as btrfs-progs dumped it (chunks.tsv, dump-tree-chunk.txt).
 */
class ChunkMapTruthTest {

    @TestFactory
    Stream<DynamicTest> openingFindsNoProblem() {
        return OpenArrays.perArray(c -> assertEquals(List.of(), c.fs().problems()));
    }

    @TestFactory
    Stream<DynamicTest> chunksAreThoseOfChunksTsv() {
        return OpenArrays.perArray(c -> {
            List<ArrayTruth.ChunkRow> expected = ArrayTruth.of(c.array()).chunks();
            List<ArrayTruth.ChunkRow> actual = c.fs().chunkMap().chunks().stream().map(ChunkMapTruthTest::row).toList();
            assertEquals(expected, actual);
        });
    }

    @TestFactory
    Stream<DynamicTest> chunkItemsEqualDumpTreeInEveryField() {
        return OpenArrays.perArray(c -> {
            List<ArrayTruth.DumpChunk> expected = ArrayTruth.of(c.array()).dumpChunks();
            List<ArrayTruth.DumpChunk> actual = c.fs().chunkMap().chunks().stream().map(ChunkMapTruthTest::dump)
                    .toList();
            assertEquals(expected, actual);
        });
    }

    @TestFactory
    Stream<DynamicTest> devItemsEqualDumpTreeAndArrayTsv() {
        return OpenArrays.perArray(c -> {
            List<ArrayTruth.DumpDevItem> expected = ArrayTruth.of(c.array()).dumpDevItems();
            List<ArrayTruth.DumpDevItem> actual = c.fs().devices().stream().map(d -> dump(d.item())).toList();
            assertEquals(expected, actual);
            assertEquals(List.of(), c.fs().missingDevices());
            for (TestDevice device : c.array().devices()) {
                FsDevice fsDevice = c.fs().devices().stream().filter(d -> d.devid() == device.devid()).findFirst()
                        .orElseThrow();
                assertEquals(device.uuid(), fsDevice.item().uuid(), "devid " + device.devid());
                assertTrue(fsDevice.present());
            }
        });
    }

    /** The superblock's bootstrap copy holds exactly the SYSTEM chunks, as the chunk tree has them. */
    @TestFactory
    Stream<DynamicTest> sysChunkArrayHoldsTheSystemChunks() {
        return OpenArrays.perArray(c -> {
            SysChunkArray.Parsed sys = SysChunkArray.parse(c.fs().superblock());
            assertEquals(List.of(), sys.problems());
            List<ArrayTruth.ChunkRow> expected = ArrayTruth.of(c.array()).chunks().stream()
                    .filter(row -> row.type().startsWith("SYSTEM|")).toList();
            assertEquals(expected, sys.chunks().stream().map(ChunkMapTruthTest::row).toList());
        });
    }

    /** Every stripe of every chunk has its DEV_EXTENT, and there is no other. */
    @TestFactory
    Stream<DynamicTest> devExtentsAreTheChunkStripes() {
        return OpenArrays.perArray(c -> {
            Map<String, String> expected = new TreeMap<>();
            for (ChunkItem chunk : c.fs().chunkMap().chunks()) {
                for (Stripe stripe : chunk.stripes()) {
                    expected.put(stripe.devid() + ":" + stripe.offset(),
                            "length " + chunk.stripeLength() + " chunk " + chunk.logical());
                }
            }
            Map<String, String> actual = new TreeMap<>();
            for (DevExtent extent : c.fs().devExtents()) {
                actual.put(extent.devid() + ":" + extent.physical(),
                        "length " + extent.length() + " chunk " + extent.chunkOffset());
            }
            assertEquals(expected, actual);
        });
    }

    @TestFactory
    Stream<DynamicTest> everyChunkHasItsBlockGroup() {
        return OpenArrays.perArray(c -> {
            List<String> expected = new ArrayList<>();
            for (ChunkItem chunk : c.fs().chunkMap().chunks()) {
                expected.add(chunk.logical() + " " + chunk.length() + " " + chunk.typeString());
            }
            List<String> actual = new ArrayList<>();
            for (BlockGroupItem group : c.fs().blockGroups()) {
                actual.add(group.logical() + " " + group.length() + " " + group.typeString());
                assertTrue(Long.compareUnsigned(group.used(), group.length()) <= 0, group.toString());
            }
            assertEquals(expected, actual);
        });
    }

    private static ArrayTruth.ChunkRow row(ChunkItem chunk) {
        return new ArrayTruth.ChunkRow(chunk.logical(), chunk.length(), chunk.typeString(), chunk.numStripes(),
                chunk.stripes().stream().map(s -> new ArrayTruth.StripeRow(s.devid(), s.offset())).toList());
    }

    private static ArrayTruth.DumpChunk dump(ChunkItem chunk) {
        return new ArrayTruth.DumpChunk(chunk.logical(), chunk.length(), chunk.owner(), chunk.stripeLen(),
                chunk.typeString(), chunk.ioAlign(), chunk.ioWidth(), chunk.sectorSize(), chunk.numStripes(),
                chunk.subStripes(), chunk.stripes().stream()
                        .map(s -> new ArrayTruth.DumpStripe(s.devid(), s.offset(), s.devUuid())).toList());
    }

    private static ArrayTruth.DumpDevItem dump(DevItem item) {
        return new ArrayTruth.DumpDevItem(item.devid(), item.totalBytes(), item.bytesUsed(), item.ioAlign(),
                item.ioWidth(), item.sectorSize(), item.type(), item.generation(), item.startOffset(),
                item.devGroup(), item.seekSpeed(), item.bandwidth(), item.uuid(), item.fsid());
    }
}
