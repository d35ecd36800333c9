package btrfs.workbench.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import btrfs.workbench.testsupport.TestArrays;

/**
 * The JSON Schema of the snapshot format ({@code schema/diagnostic-snapshot.schema.json} in the
 * snapshot bundle) accepts what the code writes, from real runs on every committed array, and
 * rejects what it must: a required property removed, a value of the wrong type, a property it
 * does not describe.
 */
class SnapshotSchemaTest {

    static final String SCHEMA = "/schema/diagnostic-snapshot.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode schemaDocument;
    private static Schema schema;

    @TempDir
    Path scratch;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = DiagnosticSnapshot.class.getResourceAsStream(SCHEMA)) {
            schemaDocument = JSON.readTree(in);
        }
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaDocument);
    }

    @TestFactory
    Stream<DynamicTest> snapshotsOfRealRunsMatchTheSchema() {
        return TestArrays.all().stream().flatMap(a -> Stream.of(
                DynamicTest.dynamicTest(a.name() + " mid-run", () -> assertValid(RealRuns.midRun(a), "mid-run.json")),
                DynamicTest.dynamicTest(a.name() + " finished",
                        () -> assertValid(RealRuns.finished(a), "finished.json.gz")),
                DynamicTest.dynamicTest(a.name() + " array only",
                        () -> assertValid(RealRuns.arrayOnly(a), "array.json"))));
    }

    @Test
    void aStateWithEveryExtentStatusAndFullErrorListsMatchesTheSchema() throws Exception {
        assertValid(SyntheticRun.of(4000, 17), "synthetic.json.gz");
    }

    private void assertValid(DiagnosticSnapshot snapshot, String name) throws IOException {
        List<String> errors = validate(written(snapshot, name));
        assertEquals(List.of(), errors, name + " as written must match the schema");
    }

    /** {@code snapshot} as SnapshotFiles writes it, read back as plain JSON. */
    private JsonNode written(DiagnosticSnapshot snapshot, String name) throws IOException {
        Path file = scratch.resolve(name);
        SnapshotFiles.write(snapshot, file);
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return JSON.readTree(in);
        }
    }

    private static List<String> validate(JsonNode document) {
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    @Test
    void aMissingRequiredPropertyIsRejected() throws Exception {
        assertRejected("tool", t -> t.remove("tool"));
        assertRejected("reads", t -> ((ObjectNode) t.at("/engine/devices/0/counters")).remove("reads"));
        assertRejected("status", t -> ((ObjectNode) t.at("/queues/1")).remove("status"));
        assertRejected("heatmap", t -> t.remove("heatmap"));
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() throws Exception {
        assertRejected("/engine/t", t -> ((ObjectNode) t.get("engine")).put("t", "soon"));
        assertRejected("/queues/1/logical/0", t -> ((ArrayNode) t.at("/queues/1/logical")).set(0, "4096"));
        assertRejected("/queues/1/status", t -> ((ObjectNode) t.at("/queues/1")).put("status", "QQX"));
        assertRejected("/array/devices/0/missing", t -> ((ObjectNode) t.at("/array/devices/0")).put("missing", "no"));
        assertRejected("/schemaVersion", t -> t.put("schemaVersion", 1));
        assertRejected("/controls/0/end/type", t -> ((ObjectNode) t.at("/controls/0/end")).put("type", 256));
    }

    @Test
    void aPropertyTheSchemaDoesNotDescribeIsRejected() throws Exception {
        assertRejected("colour", t -> ((ObjectNode) t.at("/engine/devices/0/zones/0")).put("colour", "red"));
    }

    /** A valid snapshot, changed by {@code change}, gets errors, one of them naming {@code where}. */
    private void assertRejected(String where, Consumer<ObjectNode> change) throws IOException {
        ObjectNode document = (ObjectNode) written(SyntheticRun.of(400, 23), "valid.json");
        assertEquals(List.of(), validate(document), "valid before the change");
        change.accept(document);
        List<String> errors = validate(document);
        assertFalse(errors.isEmpty(), "no error after the change at " + where);
        assertTrue(errors.stream().anyMatch(e -> e.contains(where)), where + " not named in " + errors);
    }

    @Test
    void theSchemaIsAValidDraft202012Schema() {
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertEquals(List.of(), meta.validate(schemaDocument).stream().map(Error::toString).toList());
    }

    /**
     * Every property the schema declares has a description (its own or its definition's) and is
     * required: the writer always writes every property, nulls included.
     */
    @Test
    void everyPropertyIsDescribedAndRequired() {
        List<String> problems = new ArrayList<>();
        checkProperties(schemaDocument, "", problems);
        assertEquals(List.of(), problems);
    }

    private static void checkProperties(JsonNode node, String path, List<String> problems) {
        if (node.has("properties")) {
            Set<String> required = new HashSet<>();
            node.path("required").forEach(r -> required.add(r.asText()));
            for (Iterator<String> names = node.get("properties").fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!described(node.get("properties").get(name))) {
                    problems.add(path + "/" + name + " has no description");
                }
                if (!required.contains(name)) {
                    problems.add(path + "/" + name + " is not required");
                }
            }
        }
        node.fields().forEachRemaining(f -> checkProperties(f.getValue(), path + "/" + f.getKey(), problems));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkProperties(node.get(i), path + "/" + i, problems);
            }
        }
    }

    private static boolean described(JsonNode property) {
        if (property.has("description")) {
            return true;
        }
        String ref = property.path("$ref").asText("");
        return ref.startsWith("#/") && schemaDocument.at(ref.substring(1)).has("description");
    }
}
