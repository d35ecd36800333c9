package btrfs.workbench.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.tree.Key;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.heatmap.DeviceLayouts;
import btrfs.workbench.readahead.heatmap.HeatmapRecorder;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.io.ReadaheadRun;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/** Save and load give the same model: mid-run on every committed multi-device array, and the array alone. */
class SnapshotRoundTripTest {

    @TempDir
    Path scratch;

    private static BtrfsFilesystem open(TestArray array) {
        return ((FilesystemOpen.Opened) BtrfsFilesystem.openPaths(array.unpackedImages())).filesystem();
    }

    @TestFactory
    Stream<DynamicTest> aMidRunStateSurvivesSaveAndLoad() {
        return TestArrays.all().stream().filter(a -> a.numDevices() > 1).map(a -> DynamicTest.dynamicTest(a.name(), () -> {
            try (BtrfsFilesystem fs = open(a);
                    ReadaheadRun run = ReadaheadRun.prepare(fs, ReadaheadConfig.defaults(),
                            new IoModel(Duration.ofMillis(5), 0, false))) {
                HeatmapRecorder heat = new HeatmapRecorder(run.target(), DeviceLayouts.of(fs), 4096);
                run.engine().addListener(heat);
                run.add(fs.treeRoots(), Key.MIN, Key.MAX);
                while (run.engine().snapshot().totals().reads() < 20) {
                    Thread.sleep(5);
                }
                DiagnosticSnapshot taken = Snapshots.ofRun("1.2.3", fs, run.engine(), run.controls(),
                        Map.of(1L, List.of(new DiagnosticSnapshot.Sample(5, 16384))), heat.snapshot());
                assertTrue(taken.queues().values().stream().mapToInt(List::size).sum() > 0, "taken mid-run");
                for (String name : List.of("mid-run.json", "mid-run.json.gz")) {
                    Path file = scratch.resolve(a.name() + "-" + name);
                    SnapshotFiles.write(taken, file);
                    assertEquals(taken, SnapshotFiles.read(file), name);
                }
                run.cancel();
            }
        }));
    }

    @Test
    void theArrayAloneSurvivesSaveAndLoad() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        try (BtrfsFilesystem fs = open(array)) {
            DiagnosticSnapshot taken = Snapshots.ofArray("1.2.3", fs);
            Path file = scratch.resolve("array.json");
            SnapshotFiles.write(taken, file);
            DiagnosticSnapshot read = SnapshotFiles.read(file);
            assertEquals(taken, read);
            assertEquals(array.fsid().toString(), read.array().fsid());
            assertEquals(array.numDevices(), read.array().devices().size());
            assertTrue(Files.readString(file).contains("\"schemaVersion\":1"));
        }
    }

    @Test
    void newerCorruptAndForeignFilesAreClearErrors() throws Exception {
        Path newer = Files.writeString(scratch.resolve("newer.json"), "{\"tool\":\"btrfs-workbench\",\"schemaVersion\":99}");
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotFiles.read(newer)).getMessage()
                .contains("schema 99 is newer"));
        Path corrupt = Files.writeString(scratch.resolve("corrupt.json"), "{\"tool\":\"btrfs-workbench\",\"sch");
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotFiles.read(corrupt)).getMessage()
                .contains("not a readable snapshot"));
        Path foreign = Files.writeString(scratch.resolve("other.json"), "{\"name\":\"x\"}");
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotFiles.read(foreign)).getMessage()
                .contains("not a btrfs-workbench snapshot"));
        Path wrongTypes = Files.writeString(scratch.resolve("types.json"),
                "{\"tool\":\"btrfs-workbench\",\"schemaVersion\":1,\"controls\":\"many\"}");
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotFiles.read(wrongTypes)).getMessage()
                .contains("corrupt snapshot"));
    }
}
