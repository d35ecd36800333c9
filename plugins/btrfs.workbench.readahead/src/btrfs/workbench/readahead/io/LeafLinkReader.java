package btrfs.workbench.readahead.io;

import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.item.ExtentItem;
import btrfs.workbench.metadata.item.RootItem;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.tree.Leaf;
import btrfs.workbench.readahead.spi.TreeLink;

/**
 * The tree blocks a leaf names, for a readahead that follows leaves: the root of every tree a
 * ROOT_ITEM describes (root tree leaves) and every tree block a METADATA_ITEM or a tree-block
 * EXTENT_ITEM describes (extent tree leaves). Items that do not decode are left out: the leaf
 * itself was read correctly, and what a damaged item names cannot be trusted.
 */
final class LeafLinkReader {

    private LeafLinkReader() {
    }

    static List<TreeLink> links(Leaf leaf) {
        List<TreeLink> links = new ArrayList<>();
        for (int i = 0; i < leaf.items().size(); i++) {
            Key key = leaf.items().get(i).key();
            TreeLink link = null;
            if (key.type() == KeyType.ROOT_ITEM.code()) {
                link = rootLink(key, RootItem.decode(leaf.itemData(i)));
            } else if (key.type() == KeyType.METADATA_ITEM.code() || key.type() == KeyType.EXTENT_ITEM.code()) {
                link = extentLink(key, ExtentItem.decode(key, leaf.itemData(i)));
            }
            if (link != null) {
                links.add(link);
            }
        }
        return links;
    }

    /**
     * A deleted subvolume (no references left) is skipped: the cleaner drops it bottom-up, so
     * blocks it still points to may be freed and written again by other trees already.
     */
    private static TreeLink rootLink(Key key, Decoded<RootItem> decoded) {
        RootItem root = decoded.toOptional().orElse(null);
        if (root == null || root.refs() == 0 || root.level() >= 8) {
            return null;
        }
        return new TreeLink(key.objectid(), root.bytenr(), root.generation(), root.level(), key);
    }

    /**
     * Data extents name no tree block. The owning tree is known when the first inline reference
     * names it (a block shared by snapshots may have a parent reference instead): a block whose
     * generation changed can then be restarted from that tree's current root.
     */
    private static TreeLink extentLink(Key key, Decoded<ExtentItem> decoded) {
        ExtentItem item = decoded.toOptional().orElse(null);
        if (item == null || !item.treeBlock()) {
            return null;
        }
        long tree = item.owner() != 0 ? item.owner() : TreeLink.UNKNOWN_TREE;
        return new TreeLink(tree, key.objectid(), item.generation(), item.level(), key);
    }
}
