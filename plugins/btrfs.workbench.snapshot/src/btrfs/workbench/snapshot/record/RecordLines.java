package btrfs.workbench.snapshot.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotException;
import btrfs.workbench.snapshot.trace.TraceFormat;
import btrfs.workbench.snapshot.trace.TraceReader;

/**
 * A recording's lines parsed one by one, from a file ({@link Recording}) or as they arrive
 * ({@link RecordingStream}): the header first, then events and frames in any mix. Errors name
 * the source and the line.
 */
final class RecordLines {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Where the parsed lines go. */
    interface Sink {
        void event(ReadaheadEvent event);

        void frame(FrameDelta frame) throws SnapshotException;
    }

    private final String source;
    private RecordingHeader header;
    private int number;

    /** @param source how errors name the recording: a file, or "host: readahead" */
    RecordLines(String source) {
        this.source = source;
    }

    /** The header, once its line was read; else null. */
    RecordingHeader header() {
        return header;
    }

    String source() {
        return source;
    }

    void line(String line, Sink sink) throws SnapshotException {
        number++;
        if (line.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new SnapshotException(source + " line " + number + ": not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (header == null) {
            header = header(node);
            return;
        }
        FrameDelta frame;
        try {
            if (node.has(TraceFormat.EV)) {
                sink.event(TraceReader.event(node));
                return;
            }
            if (!FrameDelta.REC.equals(node.path("rec").asText())) {
                return; // from a newer writer with the same format: skipped
            }
            frame = MAPPER.treeToValue(node, FrameDelta.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw corrupt(e);
        }
        sink.frame(frame);
    }

    /** The error for a line that is JSON but not what a recording holds. */
    SnapshotException corrupt(Exception e) {
        return new SnapshotException(source + " line " + number + ": corrupt recording (" + e.getMessage() + ")", e);
    }

    private RecordingHeader header(JsonNode node) throws SnapshotException {
        if (!RecordingHeader.REC.equals(node.path("rec").asText())
                || !DiagnosticSnapshot.TOOL.equals(node.path("tool").asText())) {
            throw new SnapshotException(source + ": not a btrfs-workbench recording");
        }
        int format = node.path("format").asInt(-1);
        if (format > RecordingHeader.FORMAT) {
            throw new SnapshotException(source + ": recording format " + format + " is newer than this version reads ("
                    + RecordingHeader.FORMAT + "); open it with a newer btrfs-workbench");
        }
        try {
            return MAPPER.treeToValue(node, RecordingHeader.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SnapshotException(source + ": corrupt recording header (" + e.getMessage() + ")", e);
        }
    }
}
