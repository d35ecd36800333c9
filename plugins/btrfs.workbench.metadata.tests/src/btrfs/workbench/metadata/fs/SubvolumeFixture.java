package btrfs.workbench.metadata.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import btrfs.workbench.metadata.item.RootItem;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.SyntheticTree;
import btrfs.workbench.metadata.tree.SyntheticTree.Item;
import btrfs.workbench.metadata.tree.TreeRoot;

/**
 * A hand-made root tree with subvolume trees on a {@link SyntheticTree} device: each tree one
 * leaf, the root tree in block 0, subvolume trees in the blocks after it in id order. Tests add
 * subvolumes, links and directories (valid or broken) and read them with {@link Subvolumes#read}.
 */
final class SubvolumeFixture {

    static final long GEN = 7;

    private final Map<Long, Integer> refsById = new TreeMap<>(Long::compareUnsigned);
    private final List<Item> rootTreeItems = new ArrayList<>();
    private final Map<Long, List<Item>> treeItems = new LinkedHashMap<>();
    private final List<Long> unwritten = new ArrayList<>();

    /** A live subvolume (refs 1); FS_TREE is one too. */
    SubvolumeFixture subvolume(long id) {
        refsById.put(id, 1);
        return this;
    }

    /** A deleted subvolume whose tree is not yet freed: refs 0, no link. */
    SubvolumeFixture deleted(long id) {
        refsById.put(id, 0);
        return this;
    }

    /** Tree {@code id}'s ROOT_ITEM points to a block that is never written (zeros). */
    SubvolumeFixture unreadable(long id) {
        unwritten.add(id);
        return this;
    }

    /** Both ends of a link, as the kernel writes them. */
    SubvolumeFixture link(long child, long parent, long dirid, String name) {
        return backref(child, parent, rootRef(dirid, 1, name)).ref(child, parent, rootRef(dirid, 1, name));
    }

    SubvolumeFixture backref(long child, long parent, byte[] data) {
        return rootTreeItem(new Key(child, KeyType.ROOT_BACKREF.code(), parent), data);
    }

    SubvolumeFixture ref(long child, long parent, byte[] data) {
        return rootTreeItem(new Key(parent, KeyType.ROOT_REF.code(), child), data);
    }

    SubvolumeFixture rootTreeItem(Key key, byte[] data) {
        rootTreeItems.add(new Item(key, data));
        return this;
    }

    /** Directory {@code ino} named {@code name} in directory {@code parentIno} of subvolume {@code tree}. */
    SubvolumeFixture dir(long tree, long ino, long parentIno, String name) {
        return inodeRef(tree, ino, parentIno, inodeRef(3, name));
    }

    SubvolumeFixture inodeRef(long tree, long ino, long parentIno, byte[] data) {
        treeItems.computeIfAbsent(tree, t -> new ArrayList<>())
                .add(new Item(new Key(ino, KeyType.INODE_REF.code(), parentIno), data));
        return this;
    }

    static byte[] rootRef(long dirid, long sequence, String name) {
        byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        return le(18 + raw.length).putLong(dirid).putLong(sequence).putShort((short) raw.length).put(raw).array();
    }

    static byte[] inodeRef(long index, String name) {
        byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        return le(10 + raw.length).putLong(index).putShort((short) raw.length).put(raw).array();
    }

    /** A ROOT_ITEM of the old 239-byte layout, enough for a root: generation, dirid, bytenr, refs, level 0. */
    static byte[] rootItem(long bytenr, int refs) {
        return le(RootItem.LEGACY_SIZE).putLong(160, GEN).putLong(168, ObjectIds.FIRST_FREE).putLong(176, bytenr)
                .putInt(216, refs).array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    TreeRoot rootTree() {
        return new TreeRoot(ObjectIds.ROOT_TREE, null, SyntheticTree.at(0), 0, GEN);
    }

    /** Writes every leaf and reads the subvolumes. */
    Subvolumes read() {
        return Subvolumes.read(device().walker(), rootTree());
    }

    SyntheticTree device() {
        SyntheticTree device = new SyntheticTree();
        List<Item> rootItems = new ArrayList<>(rootTreeItems);
        int block = 1;
        for (Map.Entry<Long, Integer> subvolume : refsById.entrySet()) {
            long id = subvolume.getKey();
            long bytenr = SyntheticTree.at(block++);
            rootItems.add(new Item(new Key(id, KeyType.ROOT_ITEM.code(), 0), rootItem(bytenr, subvolume.getValue())));
            if (!unwritten.contains(id)) {
                device.put(leaf(bytenr, treeItems.getOrDefault(id, List.of())));
            }
        }
        return device.put(leaf(SyntheticTree.at(0), rootItems));
    }

    private static byte[] leaf(long bytenr, List<Item> items) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Item::key));
        return SyntheticTree.leafWithData(bytenr, GEN, sorted);
    }
}
