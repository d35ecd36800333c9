package btrfs.workbench.readahead.io;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.SuperblockReader;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.metadata.item.RootItem;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.spi.TreeLink;

/**
 * The roots the trees of a filesystem have now, for restarts: the newest superblock of the
 * present devices read again, and its root tree walked again when its generation is newer than
 * the one walked last (a restart storm on a busy filesystem then costs one superblock read per
 * restart and one root tree walk per transaction). Thread-safe.
 */
final class CurrentRoots {

    private final BtrfsFilesystem fs;
    private long walkedGeneration = -1;
    private Map<Long, TreeLink> roots = Map.of();

    CurrentRoots(BtrfsFilesystem fs) {
        this.fs = fs;
    }

    synchronized Optional<TreeLink> of(long tree) {
        Superblock sb = newestSuperblock();
        if (sb == null) {
            return Optional.empty();
        }
        if (sb.generation() != walkedGeneration) {
            roots = walk(sb);
            walkedGeneration = sb.generation();
        }
        return Optional.ofNullable(roots.get(tree));
    }

    /** The newest valid superblock of this filesystem on any present device. */
    private Superblock newestSuperblock() {
        Superblock newest = null;
        for (FsDevice device : fs.devices()) {
            if (!device.present()) {
                continue;
            }
            Superblock sb = SuperblockReader.read(device.reader()).newestValid().orElse(null);
            if (sb != null && sb.fsid().equals(fs.superblock().fsid())
                    && (newest == null || Long.compareUnsigned(sb.generation(), newest.generation()) > 0)) {
                newest = sb;
            }
        }
        return newest;
    }

    /**
     * The root and chunk tree from the superblock (the root tree's root block has the
     * superblock's generation), every other tree from its ROOT_ITEM; of several ROOT_ITEMs of one
     * tree the last in key order (highest offset) wins, as in {@link BtrfsFilesystem#treeRoot}.
     */
    private Map<Long, TreeLink> walk(Superblock sb) {
        Map<Long, TreeLink> out = new HashMap<>();
        TreeLink rootTree = new TreeLink(ObjectIds.ROOT_TREE, sb.root(), sb.generation(), sb.rootLevel(), null);
        TreeRoot walkFrom = new TreeRoot(ObjectIds.ROOT_TREE, null, sb.root(), sb.rootLevel(), sb.generation());
        fs.walker().forEachItem(walkFrom, KeyRange.ALL, (leaf, i) -> {
            if (leaf.items().get(i).key().type() != KeyType.ROOT_ITEM.code()) {
                return;
            }
            Decoded<RootItem> item = RootItem.decode(leaf.itemData(i));
            item.toOptional().filter(r -> r.level() < 8).ifPresent(r -> {
                long id = leaf.items().get(i).key().objectid();
                out.put(id, new TreeLink(id, r.bytenr(), r.generation(), r.level(), null));
            });
        });
        out.put(ObjectIds.ROOT_TREE, rootTree);
        out.put(ObjectIds.CHUNK_TREE,
                new TreeLink(ObjectIds.CHUNK_TREE, sb.chunkRoot(), sb.chunkRootGeneration(), sb.chunkRootLevel(),
                        null));
        return out;
    }
}
