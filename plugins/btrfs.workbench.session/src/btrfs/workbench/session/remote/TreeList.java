package btrfs.workbench.session.remote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.session.SessionException;

/**
 * {@code trees --json} as a server printed it: the trees of one of its arrays, and the paths of
 * its subvolumes by tree id.
 */
public record TreeList(List<TreeRoot> roots, Map<Long, String> subvolumePaths) {

    public TreeList {
        roots = List.copyOf(roots);
        subvolumePaths = Map.copyOf(subvolumePaths);
    }

    static TreeList read(String json, String source) throws SessionException {
        try {
            List<TreeRoot> roots = new ArrayList<>();
            Map<Long, String> paths = new HashMap<>();
            JsonNode trees = ScanJson.required(ScanJson.MAPPER.readTree(json), "trees");
            if (!trees.isArray()) {
                throw new IllegalArgumentException("no \"trees\" list");
            }
            for (JsonNode t : trees) {
                long id = ScanJson.u64(t, "id");
                String key = t.path("key").isNull() ? null : t.path("key").asText(null);
                roots.add(new TreeRoot(id, key == null ? null : Key.parse(key), ScanJson.u64(t, "bytenr"),
                        t.path("level").asInt(), ScanJson.u64(t, "generation"), ScanJson.u64(t, "bytes_used")));
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
}
