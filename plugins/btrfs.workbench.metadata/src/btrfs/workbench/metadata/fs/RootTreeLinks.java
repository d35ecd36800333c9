package btrfs.workbench.metadata.fs;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.item.ItemProblem;
import btrfs.workbench.metadata.item.RootItem;
import btrfs.workbench.metadata.item.RootRef;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.Leaf;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.TreeWalker;

/**
 * What the root tree says about subvolumes, from one walk: their ROOT_ITEMs and the links between
 * them. A link is stored twice, ROOT_BACKREF (child, ROOT_BACKREF, parent) and ROOT_REF (parent,
 * ROOT_REF, child); both are kept by child, so either one alone still names the subvolume.
 *
 * @param subvolumes subvolume trees by id, in key order
 * @param backrefs   the ROOT_BACKREF of each child
 * @param refs       the ROOT_REF of each child
 */
record RootTreeLinks(Map<Long, Entry> subvolumes, Map<Long, Link> backrefs, Map<Long, Link> refs) {

    /** A subvolume's ROOT_ITEM and the root it points to. */
    record Entry(RootItem item, TreeRoot root) {
    }

    /** A link of a subvolume into {@code parent}. */
    record Link(long parent, RootRef ref) {
    }

    RootTreeLinks {
        subvolumes = Collections.unmodifiableMap(new LinkedHashMap<>(subvolumes));
        backrefs = Map.copyOf(backrefs);
        refs = Map.copyOf(refs);
    }

    Optional<Entry> subvolume(long id) {
        return Optional.ofNullable(subvolumes.get(id));
    }

    /**
     * Walks the whole root tree. Of several ROOT_ITEMs of one id the last in key order counts, as in
     * {@link BtrfsFilesystem#treeRoot}; of several links of one child too, as the kernel's lookup
     * of (child, ROOT_BACKREF, -1) finds the last.
     */
    static RootTreeLinks read(TreeWalker walker, TreeRoot rootTree, List<MetadataProblem> problems) {
        Map<Long, Entry> subvolumes = new LinkedHashMap<>();
        Map<Long, Link> backrefs = new HashMap<>();
        Map<Long, Link> refs = new HashMap<>();
        problems.addAll(walker.forEachItem(rootTree, KeyRange.ALL, (leaf, i) -> {
            Key key = leaf.items().get(i).key();
            if (!ObjectIds.isSubvolume(key.objectid())) {
                return;
            }
            if (key.type() == KeyType.ROOT_ITEM.code()) {
                rootItem(leaf, i, problems).ifPresent(item -> subvolumes.put(key.objectid(), entry(key, item)));
            } else if (key.type() == KeyType.ROOT_BACKREF.code()) {
                rootRef(leaf, i, problems).ifPresent(ref -> backrefs.put(key.objectid(), new Link(key.offset(), ref)));
            } else if (key.type() == KeyType.ROOT_REF.code()) {
                rootRef(leaf, i, problems).ifPresent(ref -> refs.put(key.offset(), new Link(key.objectid(), ref)));
            }
        }));
        return new RootTreeLinks(subvolumes, backrefs, refs);
    }

    private static Entry entry(Key key, RootItem item) {
        return new Entry(item, TreeRoot.of(key, item));
    }

    private static Optional<RootItem> rootItem(Leaf leaf, int index, List<MetadataProblem> problems) {
        return usable(RootItem.decode(leaf.itemData(index)), leaf, index, problems);
    }

    private static Optional<RootRef> rootRef(Leaf leaf, int index, List<MetadataProblem> problems) {
        return usable(RootRef.decode(leaf.itemData(index)), leaf, index, problems);
    }

    private static <T> Optional<T> usable(Decoded<T> decoded, Leaf leaf, int index, List<MetadataProblem> problems) {
        if (decoded instanceof Decoded.Bad<T> b) {
            Key key = leaf.items().get(index).key();
            problems.add(new ItemProblem(ObjectIds.ROOT_TREE, leaf.bytenr(), key, b.reason()));
        }
        return decoded.toOptional();
    }
}
