package btrfs.workbench.session.remote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.session.SessionException;

/**
 * {@code trees --json} as a server printed it: the trees of one of its arrays, and the paths of
 * its subvolumes by tree id.
 */
public record TreeList(List<TreeRoot> roots, Map<Long, String> subvolumePaths) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public TreeList {
        roots = List.copyOf(roots);
        subvolumePaths = Map.copyOf(subvolumePaths);
    }

    static TreeList read(String json, String source) throws SessionException {
        try {
            List<TreeRoot> roots = new ArrayList<>();
            Map<Long, String> paths = new HashMap<>();
            JsonNode trees = MAPPER.readTree(json).get("trees");
            if (trees == null || !trees.isArray()) {
                throw new IllegalArgumentException("no \"trees\"");
            }
            for (JsonNode t : trees) {
                long id = u64(t, "id");
                String key = t.path("key").isNull() ? null : t.path("key").asText(null);
                roots.add(new TreeRoot(id, key == null ? null : Key.parse(key), u64(t, "bytenr"),
                        t.path("level").asInt(), u64(t, "generation"), u64(t, "bytes_used")));
                if (!t.path("subvolume").isNull() && t.has("subvolume")) {
                    paths.put(id, t.path("subvolume").asText());
                }
            }
            return new TreeList(roots, paths);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SessionException("the trees " + source + " listed are not what btrfs-workbench trees --json "
                    + "prints: " + e.getMessage(), e);
        }
    }

    private static long u64(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("no \"" + field + "\"");
        }
        return Long.parseUnsignedLong(value.asText());
    }
}
