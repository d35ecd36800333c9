package btrfs.workbench.readahead.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.DeviceReader;
import btrfs.workbench.metadata.DirectDevice;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.BlockRead;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.testsupport.FaultyDevice;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * The zone stream's own O_DIRECT reader: opened for a filesystem whose devices were opened through
 * the page cache, reading every block of a tree exactly as the filesystem's reader does; not
 * opened for one opened through anything else (a fault injector), whose reads the stream must go
 * through.
 */
class StreamReaderTest {

    private static final TestArray ARRAY = TestArrays.named("raid1-blake2-16k");

    @Test
    void aFilesystemOpenedThroughThePageCacheStreamsWithODirectTheSameBytes() throws IOException {
        assumeTrue(directWorks(), "the filesystem under " + ARRAY.unpackedImages().get(0).getParent()
                + " refuses O_DIRECT");
        FilesystemOpen opened = BtrfsFilesystem.openPaths(ARRAY.unpackedImages(), false);
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) opened).filesystem();
                StreamReader stream = StreamReader.open(fs)) {
            assertNotNull(stream, "page-cache readers get a stream reader");
            for (VisitedBlock b : fs.collect(fs.treeRoot(ObjectIds.FS_TREE).orElseThrow(), KeyRange.ALL).blocks()) {
                BlockRead mine = stream.reader().read(b.bytenr(), BlockExpectation.NONE);
                BlockRead theirs = fs.blockReader().read(b.bytenr(), BlockExpectation.NONE);
                assertArrayEquals(((BlockRead.Good) theirs).block().header().csum(),
                        ((BlockRead.Good) mine).block().header().csum(), "block " + b.bytenr());
            }
        }
    }

    @Test
    void aFilesystemOpenedThroughAFaultInjectorStreamsThroughIt() throws IOException {
        List<FaultyDevice> faulty = new ArrayList<>();
        List<DeviceReader> readers = new ArrayList<>();
        for (int i = 0; i < ARRAY.unpackedImages().size(); i++) {
            DeviceReader reader = DeviceReader.open(ARRAY.unpackedImages().get(i), false);
            readers.add(reader);
            faulty.add(new FaultyDevice(reader, ARRAY.devices().get(i).devid()));
        }
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) BtrfsFilesystem.open(faulty)).filesystem()) {
            assertNull(StreamReader.open(fs));
        } finally {
            for (DeviceReader r : readers) {
                r.close();
            }
        }
    }

    private static boolean directWorks() {
        try (DirectDevice d = DirectDevice.open(ARRAY.unpackedImages().get(0))) {
            return d != null;
        } catch (IOException e) {
            return false;
        }
    }
}
