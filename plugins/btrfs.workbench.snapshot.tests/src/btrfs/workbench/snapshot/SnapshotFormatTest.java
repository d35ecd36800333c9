package btrfs.workbench.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Schema 2 writes every list of extents as columns and still reads schema 1 files, which held one
 * object per extent: a committed file written by schema 1's code during a real run, and files of
 * the old shape made here with Jackson's default mapping of the records (which is what schema 1
 * was).
 */
class SnapshotFormatTest {

    /** Jackson's default mapping of the records: the shape of schema 1. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @TempDir
    Path scratch;

    @Test
    void queuesAndWindowsAreWrittenAsColumns() throws Exception {
        DiagnosticSnapshot taken = RealRuns.midRun(TestArrays.named("raid10-xxhash-16k"));
        Path file = scratch.resolve("columns.json");
        SnapshotFiles.write(taken, file);
        JsonNode tree = PLAIN.readTree(file.toFile());
        assertEquals(DiagnosticSnapshot.SCHEMA_VERSION, tree.get("schemaVersion").asInt());
        for (Map.Entry<Long, List<ExtentSnapshot>> queue : taken.queues().entrySet()) {
            assertColumns(queue.getValue(), tree.get("queues").get(Long.toString(queue.getKey())));
        }
        List<DeviceSnapshot> devices = taken.engine().devices();
        for (int i = 0; i < devices.size(); i++) {
            assertColumns(devices.get(i).extents(), tree.get("engine").get("devices").get(i).get("extents"));
        }
    }

    /** Column i of every field is extent i; the status a letter. */
    private static void assertColumns(List<ExtentSnapshot> extents, JsonNode columns) {
        assertTrue(columns.isObject(), "columns, not " + columns.getNodeType());
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < extents.size(); i++) {
            ExtentSnapshot e = extents.get(i);
            assertEquals(e.logical(), columns.get("logical").get(i).asLong());
            assertEquals(e.physical(), columns.get("physical").get(i).asLong());
            assertEquals(e.readBy(), columns.get("readBy").get(i).asLong());
            assertEquals(e.records(), columns.get("records").get(i).asInt());
            assertEquals(e.generation(), columns.get("generation").get(i).asLong());
            letters.append(e.status().name().charAt(0));
        }
        assertEquals(extents.size(), columns.get("logical").size());
        assertEquals(letters.toString(), columns.get("status").asText());
    }

    @Test
    void aSchema1FileOfARealRunIsStillRead() throws Exception {
        Path file = scratch.resolve("schema1-mid-run.json");
        try (InputStream in = getClass().getResourceAsStream("/resources/schema1-mid-run.json")) {
            Files.copy(in, file);
        }
        DiagnosticSnapshot read = SnapshotFiles.read(file);
        assertEquals(1, read.schemaVersion());
        assertEquals(PLAIN.readValue(file.toFile(), DiagnosticSnapshot.class), read,
                "as Jackson's default mapping (schema 1's reader) reads it");
        assertEquals(224, read.queues().values().stream().mapToInt(List::size).sum(), "all queued extents");
        assertTrue(read.engine().devices().stream().allMatch(d -> !d.extents().isEmpty()), "every window");
        assertRewrittenAsSchema2(read);
    }

    @Test
    void aSchema1FileWithEveryExtentStatusAndErrorsIsStillRead() throws Exception {
        DiagnosticSnapshot synthetic = SyntheticRun.of(4000, 11);
        ObjectNode tree = PLAIN.valueToTree(synthetic);
        tree.put("schemaVersion", 1);
        Path file = scratch.resolve("schema1-synthetic.json");
        PLAIN.writeValue(file.toFile(), tree);
        DiagnosticSnapshot read = SnapshotFiles.read(file);
        assertEquals(1, read.schemaVersion());
        assertEquals(content(synthetic), content(read));
        assertRewrittenAsSchema2(read);
    }

    /** Saving what was read from an older file writes the current schema, with the same content. */
    private void assertRewrittenAsSchema2(DiagnosticSnapshot read) throws IOException {
        Path again = scratch.resolve("rewritten.json.gz");
        SnapshotFiles.write(read, again);
        DiagnosticSnapshot reread = SnapshotFiles.read(again);
        assertEquals(DiagnosticSnapshot.SCHEMA_VERSION, reread.schemaVersion());
        assertEquals(content(read), content(reread));
    }

    /** Everything but the schema version. */
    private static List<Object> content(DiagnosticSnapshot s) {
        return Arrays.asList(s.tool(), s.toolVersion(), s.created(), s.host(), s.array(), s.engine(), s.queues(),
                s.controls(), s.throughput(), s.heatmap());
    }

    @Test
    void aLargeStateWithEveryStatusSurvivesSaveAndLoad() throws Exception {
        DiagnosticSnapshot synthetic = SyntheticRun.of(40_000, 5);
        for (ExtentStatus status : ExtentStatus.values()) {
            assertTrue(synthetic.engine().devices().stream().flatMap(d -> d.extents().stream())
                    .anyMatch(e -> e.status() == status), "the synthetic state has " + status);
        }
        for (String name : List.of("large.json", "large.json.gz")) {
            Path file = scratch.resolve(name);
            SnapshotFiles.write(synthetic, file);
            assertEquals(synthetic, SnapshotFiles.read(file), name);
        }
    }

    @Test
    void brokenColumnsAreCorruptSnapshots() throws Exception {
        assertCorrupt("different lengths", t -> ((ArrayNode) queue(t).get("physical")).remove(0));
        assertCorrupt("is none of", t -> queue(t).put("status", queue(t).get("status").asText().replace('Q', 'X')));
        assertCorrupt("missing", t -> queue(t).remove("generation"));
        assertCorrupt("not an integer", t -> ((ArrayNode) queue(t).get("logical")).set(0, "4096"));
        assertCorrupt("object of columns", t -> ((ObjectNode) t.get("queues")).set("1", PLAIN.createArrayNode()));
    }

    @Test
    void aSchema1FileWithColumnsIsCorrupt() throws Exception {
        assertCorrupt("START_OBJECT", t -> t.put("schemaVersion", 1));
    }

    private static ObjectNode queue(ObjectNode snapshot) {
        return (ObjectNode) snapshot.get("queues").get("1");
    }

    /** A written synthetic snapshot, broken by {@code change}, is refused as corrupt with {@code message}. */
    private void assertCorrupt(String message, Consumer<ObjectNode> change) throws IOException {
        Path file = scratch.resolve("broken.json");
        SnapshotFiles.write(SyntheticRun.of(400, 3), file);
        ObjectNode tree = (ObjectNode) PLAIN.readTree(file.toFile());
        change.accept(tree);
        PLAIN.writeValue(file.toFile(), tree);
        String error = assertThrows(SnapshotException.class, () -> SnapshotFiles.read(file)).getMessage();
        assertTrue(error.contains("corrupt snapshot") && error.contains(message), error);
    }
}
