package btrfs.workbench.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes and reads {@link DiagnosticSnapshot}s as JSON with Jackson ({@code .json}, or gzip'ed
 * when the name ends in {@code .gz}). Reading checks the schema version first, so that a file of a
 * newer tool or a corrupt one gives a clear message instead of a half-read model.
 */
public final class SnapshotFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private SnapshotFiles() {
    }

    /** Writes {@code snapshot} to {@code file} (atomically: a reader never sees half a file). */
    public static void write(DiagnosticSnapshot snapshot, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".snapshot-", ".tmp");
        try {
            try (OutputStream out = open(Files.newOutputStream(tmp), file)) {
                MAPPER.writeValue(out, snapshot);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a snapshot.
     *
     * @throws SnapshotException with a message for the user: not a snapshot, corrupt, or written
     *                           by a newer version
     */
    public static DiagnosticSnapshot read(Path file) throws IOException {
        JsonNode tree;
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
                : Files.newInputStream(file)) {
            tree = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new SnapshotException(file + ": not a readable snapshot (" + e.getOriginalMessage() + ")", e);
        }
        if (tree == null || !tree.isObject() || !DiagnosticSnapshot.TOOL.equals(tree.path("tool").asText())) {
            throw new SnapshotException(file + ": not a btrfs-workbench snapshot");
        }
        int version = tree.path("schemaVersion").asInt(-1);
        if (version < 1) {
            throw new SnapshotException(file + ": snapshot without a valid schemaVersion");
        }
        if (version > DiagnosticSnapshot.SCHEMA_VERSION) {
            throw new SnapshotException(file + ": snapshot schema " + version + " is newer than this version reads ("
                    + DiagnosticSnapshot.SCHEMA_VERSION + "); open it with a newer btrfs-workbench");
        }
        try {
            return MAPPER.treeToValue(tree, DiagnosticSnapshot.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SnapshotException(file + ": corrupt snapshot (" + e.getMessage() + ")", e);
        }
    }

    private static OutputStream open(OutputStream raw, Path file) throws IOException {
        return file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
    }
}
