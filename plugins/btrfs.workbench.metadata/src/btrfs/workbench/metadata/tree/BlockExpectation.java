package btrfs.workbench.metadata.tree;

import btrfs.workbench.metadata.key.Key;

/**
 * What the referrer of a tree block (a parent node, a root item, the
 * superblock) says the block must look like.
 *
 * @param level      the level, or {@link #ANY_LEVEL}
 * @param generation the generation (transid), or {@link #ANY_GENERATION}
 * @param firstKey   the first key, or null when not known
 */
public record BlockExpectation(int level, long generation, Key firstKey) {

    public static final int ANY_LEVEL = -1;
    /** As in the kernel's verify_parent_transid(): a parent transid of 0 is not checked. */
    public static final long ANY_GENERATION = 0;

    public static final BlockExpectation NONE = new BlockExpectation(ANY_LEVEL, ANY_GENERATION, null);

    public static BlockExpectation of(int level, long generation) {
        return new BlockExpectation(level, generation, null);
    }

    /** What a parent's key pointer promises about its child. */
    public static BlockExpectation of(ChildRef child) {
        return new BlockExpectation(child.level(), child.generation(), child.pointer().key());
    }
}
