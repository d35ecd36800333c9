package btrfs.workbench.snapshot;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;

/**
 * The Jackson mapping of schema 2: the records' default mapping, except that every list of
 * extents is written as columns ({@link ExtentColumns}). Mix-ins rather than annotations on the
 * records, because the engine's records live in a bundle that knows nothing of Jackson.
 */
final class SnapshotJson {

    private SnapshotJson() {
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .addMixIn(DiagnosticSnapshot.class, SnapshotMixIn.class)
                .addMixIn(DeviceSnapshot.class, DeviceMixIn.class);
    }

    /** The header first, so that a reader learns the version without reading the queues. */
    @JsonPropertyOrder({ "schemaVersion", "tool" })
    private abstract static class SnapshotMixIn {
        @JsonSerialize(contentUsing = ExtentColumns.Writer.class)
        @JsonDeserialize(contentUsing = ExtentColumns.Reader.class)
        abstract Map<Long, List<ExtentSnapshot>> queues();
    }

    private abstract static class DeviceMixIn {
        @JsonSerialize(using = ExtentColumns.Writer.class)
        @JsonDeserialize(using = ExtentColumns.Reader.class)
        abstract List<ExtentSnapshot> extents();
    }
}
