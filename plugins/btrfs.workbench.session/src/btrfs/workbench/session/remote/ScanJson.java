package btrfs.workbench.session.remote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.DeviceInfo;
import btrfs.workbench.discovery.ScanResult;
import btrfs.workbench.discovery.Unreadable;
import btrfs.workbench.session.SessionException;

/**
 * {@code scan --json} as another machine printed it, read back into the arrays the views show.
 * Paths are the server's: they name devices there, never here.
 */
final class ScanJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ScanJson() {
    }

    static ScanResult read(String json, String source) throws SessionException {
        try {
            JsonNode root = MAPPER.readTree(json);
            List<BtrfsArray> arrays = new ArrayList<>();
            for (JsonNode fs : required(root, "filesystems")) {
                arrays.add(array(fs));
            }
            List<Unreadable> unreadable = new ArrayList<>();
            for (JsonNode u : required(root, "unreadable")) {
                unreadable.add(new Unreadable(Path.of(text(u, "path")), text(u, "reason")));
            }
            return new ScanResult(arrays, unreadable);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SessionException("the scan of " + source + " is not what btrfs-workbench scan --json prints: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    private static BtrfsArray array(JsonNode fs) {
        List<ArrayDevice> devices = new ArrayList<>();
        for (JsonNode d : required(fs, "devices")) {
            devices.add(device(d));
        }
        List<Long> missing = new ArrayList<>();
        required(fs, "missing_devids").forEach(m -> missing.add(Long.parseUnsignedLong(m.asText())));
        List<Path> mountpoints = new ArrayList<>();
        required(fs, "mountpoints").forEach(m -> mountpoints.add(Path.of(m.asText())));
        List<String> warnings = new ArrayList<>();
        required(fs, "warnings").forEach(w -> warnings.add(w.asText()));
        return new BtrfsArray(UUID.fromString(text(fs, "fsid")), UUID.fromString(text(fs, "metadata_uuid")),
                text(fs, "label"), u64(fs, "generation"), required(fs, "nodesize").asInt(),
                required(fs, "sectorsize").asInt(), text(fs, "csum_type"), u64(fs, "num_devices"), devices, missing,
                required(fs, "mounted").asBoolean(), mountpoints, warnings);
    }

    private static ArrayDevice device(JsonNode d) {
        Path path = Path.of(text(d, "path"));
        JsonNode rotational = required(d, "rotational");
        String backing = d.path("backing_file").isNull() ? null : d.path("backing_file").asText(null);
        DeviceInfo info = new DeviceInfo(rotational.isNull() ? null : rotational.asBoolean(),
                d.path("model").isNull() ? null : d.path("model").asText(null), backing == null ? null : Path.of(backing));
        String uuid = d.path("uuid").isNull() ? null : d.path("uuid").asText(null);
        return new ArrayDevice(u64(d, "devid"), uuid == null ? null : UUID.fromString(uuid), path, path,
                u64(d, "size"), u64(d, "bytes_used"), u64(d, "generation"), info);
    }

    /** {@code field} of {@code node}; an IllegalArgumentException naming it when it is not there. */
    static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("no \"" + field + "\"");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    /** u64 fields are printed as plain numbers, above 2^63 too. */
    static long u64(JsonNode node, String field) {
        return Long.parseUnsignedLong(required(node, field).asText());
    }
}
