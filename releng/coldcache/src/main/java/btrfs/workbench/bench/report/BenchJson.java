package btrfs.workbench.bench.report;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import btrfs.workbench.bench.measure.Method;

/**
 * {@code bench.json}: every run's seconds (what the result is made of, and all that
 * {@link #read} needs) plus what is derived from them — medians, MB/s, blocks/s, ratios, the
 * scaling fit, the acceptance checks — for readers that do not recompute.
 */
public final class BenchJson {

    public static final String FORMAT = "btrfs-workbench-bench";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchJson() {
    }

    public static String write(BenchResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("started", result.started().toString());
        number(root, "total_seconds", result.totalSeconds());
        root.put("quick", result.quick());
        root.put("runs", result.runs());
        environment(root.putObject("environment"), result.environment());
        ArrayNode arrays = root.putArray("arrays");
        result.arrays().forEach(a -> array(arrays.addObject(), a));
        scaling(root.putObject("scaling"), result);
        acceptance(root.putArray("acceptance"), result);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static void environment(ObjectNode node, Environment e) {
        node.put("kernel", e.kernel());
        node.put("cpus", e.cpus());
        node.put("btrfs_progs", e.progs());
        node.put("engine", e.engine());
        node.put("storage", e.storage());
        node.put("load", e.load());
    }

    private static void array(ObjectNode node, ArrayResult a) {
        ArrayFacts f = a.facts();
        node.put("name", f.name());
        node.put("layout", f.layout());
        node.put("metadata_used", f.metadataUsed());
        node.put("metadata_block_groups", f.metadataGroups());
        node.put("limit_bytes", f.limitBytes());
        node.put("fs_blocks", f.fsBlocks());
        node.put("all_blocks", f.allBlocks());
        node.put("snapshots", f.snapshots());
        node.put("files", f.files());
        ArrayNode methods = node.putArray("methods");
        a.methods().forEach(m -> method(methods.addObject(), a, m));
        ObjectNode ratios = node.putObject("ratios");
        for (Ratio r : Ratio.values()) {
            number(ratios, r.label(), a.ratio(r).orElse(Double.NaN));
        }
    }

    private static void method(ObjectNode node, ArrayResult a, MethodResult m) {
        node.put("method", m.method().id());
        node.put("label", m.method().label());
        node.put("scope", m.method().scope().label());
        ArrayNode runs = node.putArray("runs_s");
        m.runs().forEach(runs::add);
        number(node, "median_s", m.median());
        node.put("blocks", m.blocks());
        node.put("bytes", m.bytes());
        number(node, "mb_per_s", m.megabytesPerSecond());
        number(node, "blocks_per_s", m.blocksPerSecond());
        number(node, "x_reada", a.versusReada(m).orElse(Double.NaN));
        ArrayNode errors = node.putArray("errors");
        m.errors().forEach(errors::add);
    }

    private static void scaling(ObjectNode node, BenchResult result) {
        ArrayNode points = node.putArray("points");
        for (ScalingPoint p : result.scaling()) {
            ObjectNode point = points.addObject();
            point.put("array", p.array());
            point.put("blocks", p.blocks());
            ArrayNode runs = point.putArray("runs_s");
            p.runs().forEach(runs::add);
            number(point, "median_s", p.median());
        }
        Stats.Fit fit = result.scalingFit();
        ObjectNode line = node.putObject("fit");
        number(line, "intercept_s", fit.intercept());
        number(line, "seconds_per_block", fit.slope());
        number(line, "r2", fit.r2());
    }

    private static void acceptance(ArrayNode node, BenchResult result) {
        for (ArrayResult array : result.arrays()) {
            for (Ratio r : Ratio.values()) {
                Optional<Double> value = array.ratio(r);
                if (r.bound() == Ratio.Bound.NONE || value.isEmpty()) {
                    continue;
                }
                ObjectNode check = node.addObject();
                check.put("ratio", r.label());
                check.put("scope", r.scope());
                check.put("array", array.facts().name());
                number(check, "value", value.get());
                check.put("bound", r.bound().symbol() + " " + r.limit());
                check.put("passes", r.passes(value.get()).orElseThrow());
            }
        }
    }

    /** JSON has no NaN or infinity: a value that could not be computed is null. */
    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    /** Reads what {@link #write} wrote, from the runs up; derived values are recomputed, not trusted. */
    public static BenchResult read(String text) throws IOException {
        JsonNode root = JSON.readTree(text);
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new IOException("not a " + FORMAT + " file of version " + VERSION);
        }
        JsonNode env = root.path("environment");
        Environment environment = new Environment(env.path("kernel").asText(), env.path("cpus").asInt(),
                env.path("btrfs_progs").asText(), env.path("engine").asText(), env.path("storage").asText(),
                env.path("load").asText());
        List<ArrayResult> arrays = new ArrayList<>();
        root.path("arrays").forEach(a -> arrays.add(readArray(a)));
        List<ScalingPoint> scaling = new ArrayList<>();
        root.path("scaling").path("points").forEach(p -> scaling.add(new ScalingPoint(p.path("array").asText(),
                p.path("blocks").asLong(), doubles(p.path("runs_s")))));
        return new BenchResult(Instant.parse(root.path("started").asText()), root.path("total_seconds").asDouble(),
                root.path("quick").asBoolean(), root.path("runs").asInt(), environment, arrays, scaling);
    }

    private static ArrayResult readArray(JsonNode a) {
        ArrayFacts facts = new ArrayFacts(a.path("name").asText(), a.path("layout").asText(),
                a.path("metadata_used").asLong(), a.path("metadata_block_groups").asInt(),
                a.path("limit_bytes").asLong(), a.path("fs_blocks").asLong(), a.path("all_blocks").asLong(),
                a.path("snapshots").asInt(), a.path("files").asLong());
        List<MethodResult> methods = new ArrayList<>();
        for (JsonNode m : a.path("methods")) {
            List<String> errors = new ArrayList<>();
            m.path("errors").forEach(e -> errors.add(e.asText()));
            methods.add(new MethodResult(Method.of(m.path("method").asText()), doubles(m.path("runs_s")),
                    m.path("blocks").asLong(), m.path("bytes").asLong(), errors));
        }
        return new ArrayResult(facts, methods);
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }
}
