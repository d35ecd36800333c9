package btrfs.workbench.readahead.spi;

import btrfs.workbench.metadata.key.Key;

/**
 * A tree block that a leaf names and a readahead may follow (not in v4.19, whose hook ignores
 * leaf contents — its FIXME: "we could trigger more readahead depending from the content"): the
 * root of a tree (a ROOT_ITEM of the root tree) or a tree block the extent tree lists (a
 * METADATA_ITEM or an EXTENT_ITEM of a tree block). Also what {@link ReadaheadTarget#currentRoot}
 * answers.
 *
 * @param tree       the tree the block belongs to, or {@link #UNKNOWN_TREE} (extent items name
 *                   blocks, not trees)
 * @param bytenr     logical address of the block
 * @param generation the generation the block must have
 * @param level      the level the block must have
 * @param item       the key of the leaf item that names the block (a readahead of a key range
 *                   follows the items inside it), null where no item does (a current root)
 */
public record TreeLink(long tree, long bytenr, long generation, int level, Key item) {

    /** The tree of a block named by the extent tree: not known without its back references. */
    public static final long UNKNOWN_TREE = 0;

    public TreeLink {
        if (level < 0) {
            throw new IllegalArgumentException("level " + level);
        }
    }
}
