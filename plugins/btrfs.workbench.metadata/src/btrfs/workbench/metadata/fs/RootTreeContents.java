package btrfs.workbench.metadata.fs;

import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.item.ItemProblem;
import btrfs.workbench.metadata.item.RootItem;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.TreeWalker;

/** The roots the root tree's ROOT_ITEMs point to, in key order. */
final class RootTreeContents {

    private RootTreeContents() {
    }

    static List<TreeRoot> read(TreeWalker walker, TreeRoot rootTree, List<MetadataProblem> problems) {
        List<TreeRoot> roots = new ArrayList<>();
        problems.addAll(walker.forEachItem(rootTree, KeyRange.ALL, (leaf, i) -> {
            Key key = leaf.items().get(i).key();
            if (key.type() != KeyType.ROOT_ITEM.code()) {
                return;
            }
            Decoded<RootItem> item = RootItem.decode(leaf.itemData(i));
            if (item instanceof Decoded.Bad<RootItem> bad) {
                problems.add(new ItemProblem(ObjectIds.ROOT_TREE, leaf.bytenr(), key, bad.reason()));
                return;
            }
            RootItem root = item.toOptional().orElseThrow();
            roots.add(TreeRoot.of(key, root));
        }));
        return roots;
    }
}
