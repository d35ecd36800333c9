package btrfs.workbench.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.bench.measure.Method;

class BenchJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aResultReadsBackEqual() throws IOException {
        BenchResult result = Fixtures.passing();
        assertEquals(result, BenchJson.read(BenchJson.write(result)));
    }

    @Test
    void derivedFiguresAreWrittenForReadersThatDoNotRecompute() throws IOException {
        JsonNode root = JSON.readTree(BenchJson.write(Fixtures.passing()));
        JsonNode raid1 = root.path("arrays").get(0);
        assertEquals(4.0, raid1.path("ratios").path("naive / reada, O_DIRECT").asDouble(), 1e-12);
        assertEquals(4.0, raid1.path("ratios").path("naive / reada, page cache").asDouble(), 1e-12);
        JsonNode readaFs = method(raid1, "reada-fs");
        assertEquals(1.0, readaFs.path("median_s").asDouble());
        assertEquals(1000.0, readaFs.path("blocks_per_s").asDouble(), 1e-9);
        assertEquals(3, readaFs.path("runs_s").size());
        assertEquals(200e-6, root.path("scaling").path("fit").path("seconds_per_block").asDouble(), 1e-12);
        assertEquals(12, root.path("acceptance").size(), "the six bounded ratios on each of two arrays");
        root.path("acceptance").forEach(check -> assertTrue(check.path("passes").asBoolean(), check.toString()));
    }

    @Test
    void whatCannotBeComputedIsNullNotNaN() throws IOException {
        ArrayResult failed = new ArrayResult(Fixtures.passing().arrays().get(0).facts(),
                List.of(new MethodResult(Method.CHECK, List.of(), 4000, 1, List.of("btrfs check exit 1: errors"))));
        String text = BenchJson.write(Fixtures.result(List.of(failed), List.of()));
        JsonNode check = method(JSON.readTree(text).path("arrays").get(0), "check-all");
        assertTrue(check.path("median_s").isNull());
        assertEquals("btrfs check exit 1: errors", check.path("errors").get(0).asText());
        assertTrue(JSON.readTree(text).path("scaling").path("fit").path("r2").isNull());
    }

    @Test
    void anotherFileIsRefused() {
        assertThrows(IOException.class, () -> BenchJson.read("{\"format\":\"something-else\",\"version\":1}"));
        assertThrows(IOException.class, () -> BenchJson.read("{\"format\":\"btrfs-workbench-bench\",\"version\":2}"));
    }

    private static JsonNode method(JsonNode array, String id) {
        for (JsonNode m : array.path("methods")) {
            if (m.path("method").asText().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no method " + id + " in " + array);
    }
}
