package btrfs.workbench.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/** Save and load give the same model: mid-run on every committed multi-device array, and the array alone. */
class SnapshotRoundTripTest {

    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> aMidRunStateSurvivesSaveAndLoad() {
        return TestArrays.all().stream().filter(a -> a.numDevices() > 1).map(a -> DynamicTest.dynamicTest(a.name(), () -> {
            DiagnosticSnapshot taken = RealRuns.midRun(a);
            assertTrue(taken.queues().values().stream().mapToInt(List::size).sum() > 0, "taken mid-run");
            for (String name : List.of("mid-run.json", "mid-run.json.gz")) {
                Path file = scratch.resolve(a.name() + "-" + name);
                SnapshotFiles.write(taken, file);
                assertEquals(taken, SnapshotFiles.read(file), name);
            }
        }));
    }

    @Test
    void theArrayAloneSurvivesSaveAndLoad() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        DiagnosticSnapshot taken = RealRuns.arrayOnly(array);
        Path file = scratch.resolve("array.json");
        SnapshotFiles.write(taken, file);
        DiagnosticSnapshot read = SnapshotFiles.read(file);
        assertEquals(taken, read);
        assertEquals(array.fsid().toString(), read.array().fsid());
        assertEquals(array.numDevices(), read.array().devices().size());
        assertTrue(Files.readString(file).startsWith("{\"schemaVersion\":" + DiagnosticSnapshot.SCHEMA_VERSION + ","));
    }

    @Test
    void newerCorruptAndForeignFilesAreClearErrors() throws Exception {
        Path newer = Files.writeString(scratch.resolve("newer.json"), "{\"tool\":\"btrfs-workbench\",\"schemaVersion\":99}");
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotFiles.read(newer)).getMessage()
                .contains("schema 99 is newer"));
        Path corrupt = Files.writeString(scratch.resolve("corrupt.json"), "{\"tool\":\"btrfs-workbench\",\"sch");
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotFiles.read(corrupt)).getMessage()
                .contains("not a readable snapshot"));
        Path truncated = Files.writeString(scratch.resolve("truncated.json"),
                "{\"schemaVersion\":2,\"tool\":\"btrfs-workbench\",\"queues\":{\"1\":{\"logical\":[1,2");
        String cut = assertThrows(SnapshotException.class, () -> SnapshotFiles.read(truncated)).getMessage();
        assertTrue(cut.contains("not a readable snapshot"), cut);
        Path textVersion = Files.writeString(scratch.resolve("text-version.json"),
                "{\"tool\":\"btrfs-workbench\",\"schemaVersion\":\"2\"}");
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotFiles.read(textVersion)).getMessage()
                .contains("without a valid schemaVersion"));
        Path foreign = Files.writeString(scratch.resolve("other.json"), "{\"name\":\"x\"}");
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotFiles.read(foreign)).getMessage()
                .contains("not a btrfs-workbench snapshot"));
        Path wrongTypes = Files.writeString(scratch.resolve("types.json"),
                "{\"tool\":\"btrfs-workbench\",\"schemaVersion\":1,\"controls\":\"many\"}");
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotFiles.read(wrongTypes)).getMessage()
                .contains("corrupt snapshot"));
    }
}
