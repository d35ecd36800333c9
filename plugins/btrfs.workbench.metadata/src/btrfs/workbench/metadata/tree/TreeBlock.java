package btrfs.workbench.metadata.tree;

import java.util.List;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.ObjectIds;

/**
 * A tree block that passed validation: a {@link Node} with key pointers or a
 * {@link Leaf} with items.
 */
public sealed interface TreeBlock permits Node, Leaf {

    Header header();

    /** The block size (the filesystem's nodesize). */
    int size();

    default long bytenr() {
        return header().bytenr();
    }

    default int level() {
        return header().level();
    }

    default long generation() {
        return header().generation();
    }

    default long owner() {
        return header().owner();
    }

    default int nritems() {
        return (int) header().nritems();
    }

    /** Free space as btrfs-progs prints it: key pointer slots for nodes, bytes for leaves. */
    int freeSpace();

    /** The keys of the block in order (node pointer keys or item keys). */
    List<Key> keys();

    /** The first key, or null for an empty leaf. */
    default Key firstKey() {
        List<Key> keys = keys();
        return keys.isEmpty() ? null : keys.get(0);
    }

    /**
     * The block's header line as btrfs-progs' dump-tree prints it, e.g.
     * {@code node 30457856 level 1 items 12 free space 481 generation 9 owner FS_TREE}
     * or {@code leaf 30474240 items 40 free space 1234 generation 9 owner 256}.
     */
    default String headerLine() {
        String kind = level() == 0 ? "leaf " + Long.toUnsignedString(bytenr())
                : "node " + Long.toUnsignedString(bytenr()) + " level " + level();
        return kind + " items " + nritems() + " free space " + freeSpace() + " generation "
                + Long.toUnsignedString(generation()) + " owner " + ObjectIds.treeName(owner());
    }

    /** Key pointers a node of {@code nodesize} bytes can hold. */
    static int maxPointers(int nodesize) {
        return (nodesize - Header.SIZE) / NodePointer.SIZE;
    }

    /** Bytes of a leaf of {@code nodesize} bytes available to item headers and data. */
    static int leafDataSize(int nodesize) {
        return nodesize - Header.SIZE;
    }
}
