package btrfs.workbench.readahead.spi;

import java.util.List;

import btrfs.workbench.metadata.tree.NodePointer;

/**
 * What the engine needs of a tree block that was read: its header and, for a node, its pointers.
 * Leaf contents are not needed (kernel: the FIXME in __readahead_hook ignores leaves).
 *
 * @param level      0 for a leaf
 * @param generation the header's generation
 * @param nritems    the header's item count
 * @param pointers   for a node the {@code nritems} pointers in key order; empty for a leaf
 * @param fingerprint what identifies the block's bytes: two copies with the same fingerprint hold
 *                   the same block. Over real blocks the first 8 bytes of the header's checksum
 *                   field, which the read verified against the block's contents (so a copy that is
 *                   valid but different, e.g. stale, has another one); {@link #NO_FINGERPRINT}
 *                   when the target cannot tell — then scrub compares nothing
 */
public record ReadBlock(int level, long generation, int nritems, List<NodePointer> pointers, long fingerprint) {

    /** {@link #fingerprint()} of a target that does not identify a block's bytes. */
    public static final long NO_FINGERPRINT = 0;

    public ReadBlock {
        pointers = List.copyOf(pointers);
        if (level < 0 || level > 7) {
            throw new IllegalArgumentException("level " + level);
        }
        if (level > 0 && pointers.size() != nritems) {
            throw new IllegalArgumentException("node with nritems " + nritems + " has " + pointers.size() + " pointers");
        }
        if (level == 0 && !pointers.isEmpty()) {
            throw new IllegalArgumentException("a leaf has no pointers");
        }
    }

    /** A block whose bytes the target does not identify. */
    public ReadBlock(int level, long generation, int nritems, List<NodePointer> pointers) {
        this(level, generation, nritems, pointers, NO_FINGERPRINT);
    }

    public static ReadBlock leaf(long generation, int nritems) {
        return new ReadBlock(0, generation, nritems, List.of());
    }

    public static ReadBlock node(int level, long generation, List<NodePointer> pointers) {
        return new ReadBlock(level, generation, pointers.size(), pointers);
    }

    /** The same block with {@code print} as its {@link #fingerprint()}. */
    public ReadBlock withFingerprint(long print) {
        return new ReadBlock(level, generation, nritems, pointers, print);
    }
}
