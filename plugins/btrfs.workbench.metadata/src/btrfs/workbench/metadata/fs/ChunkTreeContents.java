package btrfs.workbench.metadata.fs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.DevItem;
import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.item.DevItems;
import btrfs.workbench.metadata.item.ItemProblem;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.Leaf;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.TreeWalker;

/**
 * The chunk tree's DEV_ITEMs and CHUNK_ITEMs, read with the bootstrap map
 * from the sys_chunk_array (the chunk tree lives in SYSTEM chunks).
 *
 * @param chunks   the chunks in key (logical) order
 * @param devItems the devices by devid
 */
record ChunkTreeContents(List<ChunkItem> chunks, Map<Long, DevItem> devItems) {

    static ChunkTreeContents read(TreeWalker walker, TreeRoot chunkRoot, int sectorsize,
            List<MetadataProblem> problems) {
        List<ChunkItem> chunks = new ArrayList<>();
        Map<Long, DevItem> devItems = new LinkedHashMap<>();
        problems.addAll(walker.forEachItem(chunkRoot, KeyRange.ALL, (leaf, i) -> {
            Key key = leaf.items().get(i).key();
            if (key.type() == KeyType.CHUNK_ITEM.code() && key.objectid() == ObjectIds.FIRST_CHUNK_TREE) {
                addChunk(leaf, i, sectorsize, chunks, problems);
            } else if (key.type() == KeyType.DEV_ITEM.code() && key.objectid() == ObjectIds.DEV_ITEMS) {
                addDevItem(leaf, i, devItems, problems);
            }
        }));
        return new ChunkTreeContents(chunks, devItems);
    }

    private static void addChunk(Leaf leaf, int i, int sectorsize, List<ChunkItem> chunks,
            List<MetadataProblem> problems) {
        Key key = leaf.items().get(i).key();
        Decoded<ChunkItem> chunk = ChunkItem.decode(leaf.itemData(i), key.offset(), sectorsize);
        if (chunk instanceof Decoded.Bad<ChunkItem> bad) {
            problems.add(new ItemProblem(ObjectIds.CHUNK_TREE, leaf.bytenr(), key, bad.reason()));
        } else {
            chunks.add(chunk.toOptional().orElseThrow());
        }
    }

    private static void addDevItem(Leaf leaf, int i, Map<Long, DevItem> devItems, List<MetadataProblem> problems) {
        Key key = leaf.items().get(i).key();
        Decoded<DevItem> item = DevItems.decode(leaf.itemData(i));
        if (item instanceof Decoded.Bad<DevItem> bad) {
            problems.add(new ItemProblem(ObjectIds.CHUNK_TREE, leaf.bytenr(), key, bad.reason()));
            return;
        }
        DevItem dev = item.toOptional().orElseThrow();
        if (dev.devid() != key.offset()) {
            problems.add(new ItemProblem(ObjectIds.CHUNK_TREE, leaf.bytenr(), key,
                    "devid " + Long.toUnsignedString(dev.devid()) + " differs from the key"));
            return;
        }
        devItems.put(dev.devid(), dev);
    }
}
