package btrfs.workbench.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes and reads {@link DiagnosticSnapshot}s as JSON with Jackson ({@code .json}, or gzip'ed
 * when the name ends in {@code .gz}). Reading checks the schema version first, so that a file of a
 * newer tool or a corrupt one gives a clear message instead of a half-read model.
 */
public final class SnapshotFiles {

    private static final ObjectMapper MAPPER = SnapshotJson.mapper();

    private SnapshotFiles() {
    }

    /**
     * Writes {@code snapshot} to {@code file} in this version's schema (atomically: a reader never
     * sees half a file). A snapshot read from an older file is written in the current schema too.
     */
    public static void write(DiagnosticSnapshot snapshot, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".snapshot-", ".tmp");
        try {
            try (OutputStream out = open(Files.newOutputStream(tmp), file)) {
                MAPPER.writeValue(out, current(snapshot));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a snapshot of this schema version or an older one. The header is read first, so that
     * a file of a newer tool or a foreign one is refused before its body is parsed; then the body
     * is bound in one streaming pass (no tree of a million nodes in between).
     *
     * @throws SnapshotException with a message for the user: not a snapshot, corrupt, or written
     *                           by a newer version
     */
    public static DiagnosticSnapshot read(Path file) throws IOException {
        int version = schemaVersion(file);
        try (InputStream in = input(file)) {
            return MAPPER.readerFor(DiagnosticSnapshot.class).withAttribute(ExtentColumns.SCHEMA_VERSION, version)
                    .readValue(in);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw unusable(file, e);
        }
    }

    /** Not JSON (cut short, garbled): not readable; JSON of the wrong shape or values: corrupt. */
    private static SnapshotException unusable(Path file, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException syntax) {
                return new SnapshotException(file + ": not a readable snapshot (" + syntax.getOriginalMessage() + ")", e);
            }
        }
        return new SnapshotException(file + ": corrupt snapshot (" + e.getMessage() + ")", e);
    }

    /** The file's schema version, if it is a snapshot this version can read. */
    private static int schemaVersion(Path file) throws IOException {
        Header header;
        try (InputStream in = input(file); JsonParser p = MAPPER.createParser(in)) {
            header = Header.read(p);
        } catch (JsonProcessingException e) {
            throw unusable(file, e);
        }
        if (!DiagnosticSnapshot.TOOL.equals(header.tool())) {
            throw new SnapshotException(file + ": not a btrfs-workbench snapshot");
        }
        if (header.version() < 1) {
            throw new SnapshotException(file + ": snapshot without a valid schemaVersion");
        }
        if (header.version() > DiagnosticSnapshot.SCHEMA_VERSION) {
            throw new SnapshotException(file + ": snapshot schema " + header.version()
                    + " is newer than this version reads (" + DiagnosticSnapshot.SCHEMA_VERSION
                    + "); open it with a newer btrfs-workbench");
        }
        return header.version();
    }

    /**
     * The top-level {@code tool} and {@code schemaVersion} (null and -1 when absent or not of
     * their type), read until both are found: at the start of every file this tool writes.
     */
    private record Header(String tool, int version) {
        static Header read(JsonParser p) throws IOException {
            Header h = new Header(null, -1);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return h;
            }
            for (String name = p.nextFieldName(); name != null && !h.complete(); name = p.nextFieldName()) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "tool" -> h = new Header(value == JsonToken.VALUE_STRING ? p.getText() : null, h.version);
                    case "schemaVersion" -> h = new Header(h.tool, value == JsonToken.VALUE_NUMBER_INT
                            && p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : -1);
                    default -> p.skipChildren();
                }
            }
            return h;
        }

        boolean complete() {
            return tool != null && version != -1;
        }
    }

    private static InputStream input(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** {@code s} stamped with the schema it is written in. */
    private static DiagnosticSnapshot current(DiagnosticSnapshot s) {
        return s.schemaVersion() == DiagnosticSnapshot.SCHEMA_VERSION ? s
                : new DiagnosticSnapshot(DiagnosticSnapshot.SCHEMA_VERSION, s.tool(), s.toolVersion(), s.created(),
                        s.host(), s.array(), s.engine(), s.queues(), s.controls(), s.throughput(), s.heatmap());
    }

    private static OutputStream open(OutputStream raw, Path file) throws IOException {
        return file.toString().endsWith(".gz") ? new FastGzip(raw) : raw;
    }

    /**
     * gzip at deflate's fastest level: the columns of numbers are so repetitive that the default
     * level spends seconds on a big queue searching for matches that save little (see the
     * snapshot benchmark).
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
