package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/** Diagnostic snapshots from the CLI: the final state of a readahead, and an array without a run. */
class SnapshotCommandTest {

    @TempDir
    Path scratch;

    @Test
    void readaheadWritesItsFinalStateAsASnapshot() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path file = scratch.resolve("final.json.gz");
        Run run = Run.on(array, "readahead", "--tree", "fs", "--snapshot", file.toString());
        assertEquals(0, run.exit(), run.err());
        DiagnosticSnapshot snapshot = SnapshotFiles.read(file);
        assertEquals(Run.VERSION, snapshot.toolVersion());
        assertEquals(array.fsid().toString(), snapshot.array().fsid());
        assertEquals(1, snapshot.controls().size());
        assertEquals(ArrayTruth.of(array).blocks(ObjectIds.FS_TREE).size(), snapshot.controls().get(0).blocks());
        assertEquals(array.numDevices(), snapshot.engine().devices().size());
        assertEquals(0, snapshot.engine().totals().inFlight(), "the final state: nothing in flight");
        assertTrue(snapshot.queues().values().stream().allMatch(q -> q.isEmpty()));
        assertEquals(array.numDevices(), snapshot.heatmap().devices().size());
        assertTrue(snapshot.heatmap().devices().stream()
                .anyMatch(h -> h.cellCounts().getOrDefault(btrfs.workbench.readahead.heatmap.CellState.READ, 0) > 0));
    }

    @Test
    void snapshotSavesTheArrayWithoutARun() throws Exception {
        TestArray array = TestArrays.named("raid10-xxhash-16k");
        Path file = scratch.resolve("array.json");
        Run run = Run.on(array, "snapshot", "--out", file.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("wrote " + file + "\n", run.out());
        DiagnosticSnapshot snapshot = SnapshotFiles.read(file);
        assertNull(snapshot.engine());
        assertEquals(array.numDevices(), snapshot.array().devices().size());
        long metadataChunks = ArrayTruth.of(array).chunks().stream()
                .filter(c -> c.type().startsWith("METADATA") || c.type().startsWith("SYSTEM")).count();
        assertEquals(metadataChunks, snapshot.array().metadataChunks().size());
    }

    @Test
    void snapshotNeedsAnOutputFile() {
        Run run = Run.on(TestArrays.named("single-crc32c-16k"), "snapshot");
        assertEquals(2, run.exit());
        assertEquals("btrfs-workbench: snapshot needs --out FILE (see --help)\n", run.err());
    }
}
