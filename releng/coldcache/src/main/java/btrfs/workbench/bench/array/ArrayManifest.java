package btrfs.workbench.bench.array;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code array.json} in an array's cache directory: written last, so that its presence means
 * the images are complete; it also carries the spec key, so a stale directory is never reused.
 */
final class ArrayManifest {

    static final String FILE = "array.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArrayManifest() {
    }

    static void write(BuiltArray array) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("key", array.spec().key());
        node.put("spec", array.spec().toString());
        node.put("fsid", array.fsid());
        node.put("metadata_used", array.metadataUsed());
        node.put("metadata_allocated", array.metadataAllocated());
        node.put("metadata_block_groups", array.metadataGroups());
        node.put("files", array.files());
        node.put("snapshots", array.snapshots());
        node.put("rounds", array.rounds());
        node.put("build_seconds", array.buildSeconds());
        JSON.writerWithDefaultPrettyPrinter().writeValue(array.dir().resolve(FILE).toFile(), node);
    }

    /** The array cached in {@code dir} for {@code spec}, if it is complete and of this spec and version. */
    static Optional<BuiltArray> read(Path dir, ArraySpec spec) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (!spec.key().equals(node.path("key").asText())
                    || !BuiltArray.images(dir, spec.devices()).stream().allMatch(Files::isRegularFile)) {
                return Optional.empty();
            }
            return Optional.of(new BuiltArray(spec, dir, node.path("fsid").asText(), node.path("metadata_used").asLong(),
                    node.path("metadata_allocated").asLong(), node.path("metadata_block_groups").asInt(),
                    node.path("files").asLong(), node.path("snapshots").asInt(), node.path("rounds").asInt(),
                    node.path("build_seconds").asDouble()));
        } catch (IOException e) {
            return Optional.empty(); // unreadable: build it again
        }
    }
}
