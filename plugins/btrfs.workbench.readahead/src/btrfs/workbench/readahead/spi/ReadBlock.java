package btrfs.workbench.readahead.spi;

import java.util.List;
import java.util.Objects;

import btrfs.workbench.metadata.tree.NodePointer;

/**
 * What the engine needs of a tree block that was read: its header and, for a node, its pointers.
 * On a live (mounted) filesystem also a block that no longer is what its parent pointed at
 * ({@link #changed}).
 * Leaf contents are needed only to follow leaves (kernel: the FIXME in __readahead_hook ignores
 * them), and then only as the {@link TreeLink}s the leaf names.
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
 * @param links      for a leaf what it names to follow, parsed on demand; {@link LeafLinks#NONE}
 *                   for a node
 * @param changed    null for a block that was read; else why the copy read is not a valid tree
 *                   block although the filesystem is mounted and was written meanwhile (see
 *                   {@link #changed(String)}): then level and generation mean nothing
 */
public record ReadBlock(int level, long generation, int nritems, List<NodePointer> pointers, long fingerprint,
        LeafLinks links, String changed) {

    /** {@link #fingerprint()} of a target that does not identify a block's bytes. */
    public static final long NO_FINGERPRINT = 0;

    public ReadBlock {
        pointers = List.copyOf(pointers);
        links = links == null ? LeafLinks.NONE : links;
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
        this(level, generation, nritems, pointers, NO_FINGERPRINT, LeafLinks.NONE, null);
    }

    public static ReadBlock leaf(long generation, int nritems) {
        return leaf(generation, nritems, LeafLinks.NONE);
    }

    /** A leaf whose {@code links} a readahead that follows leaves will ask for. */
    public static ReadBlock leaf(long generation, int nritems, LeafLinks links) {
        return new ReadBlock(0, generation, nritems, List.of(), NO_FINGERPRINT, links, null);
    }

    public static ReadBlock node(int level, long generation, List<NodePointer> pointers) {
        return new ReadBlock(level, generation, pointers.size(), pointers, NO_FINGERPRINT, LeafLinks.NONE, null);
    }

    /**
     * A copy that did not validate (checksum, bytenr ...) on a mounted filesystem, again when read
     * a second time: the block was freed and is being written again by the running kernel since
     * its parent pointed at it. Not damage: the readahead counts it as changed during the run and
     * does not descend.
     */
    public static ReadBlock changed(String reason) {
        return new ReadBlock(0, 0, 0, List.of(), NO_FINGERPRINT, LeafLinks.NONE, Objects.requireNonNull(reason));
    }

    /** Whether this is no block but the sign of a change during the run. */
    public boolean isChanged() {
        return changed != null;
    }

    /** The same block with {@code print} as its {@link #fingerprint()}. */
    public ReadBlock withFingerprint(long print) {
        return new ReadBlock(level, generation, nritems, pointers, print, links, changed);
    }
}
