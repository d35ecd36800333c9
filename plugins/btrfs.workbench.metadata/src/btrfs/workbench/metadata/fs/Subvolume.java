package btrfs.workbench.metadata.fs;

import java.util.Objects;

import btrfs.workbench.metadata.item.RootItem;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;

/**
 * A subvolume or snapshot tree (FS_TREE or an id of 256 and above) with the path it is reached
 * by from the top-level subvolume, as {@code btrfs subvolume list} prints it on the mounted
 * top level: {@code vol1}, {@code dir/nested}.
 * <p>
 * The top level (FS_TREE) is the start of every path, so its own path is the empty string
 * ({@link #label()} shows it as {@code <FS_TREE>}, as {@code btrfs subvolume list -a} does).
 * Where a link cannot be followed the path starts with {@code ?/<id>} for the first subvolume
 * whose link is unknown, e.g. {@code ?/258} or {@code ?/258/dir/child}, and {@link #pathKnown()}
 * is false.
 *
 * @param id        the tree id
 * @param parentId  the subvolume the link is in ("parent" / "top level" of btrfs subvolume list);
 *                  0 for FS_TREE and when no link is known
 * @param name      the link's name, the last path component; empty for FS_TREE and when no link is known
 * @param path      relative to the top level, see above
 * @param pathKnown false when {@code path} has a {@code ?/<id>} placeholder
 * @param item      its ROOT_ITEM: uuids, flags, refs, transids
 * @param root      where its tree starts
 */
public record Subvolume(long id, long parentId, String name, String path, boolean pathKnown, RootItem item,
        TreeRoot root) {

    /** What {@link #label()} shows for the top level. */
    public static final String TOP_LEVEL_LABEL = "<FS_TREE>";
    /** What {@link #label()} shows for a deleted subvolume. */
    public static final String DELETED_LABEL = "DELETED";

    public Subvolume {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(root, "root");
    }

    /** The path of a subvolume whose link is unknown. */
    static String unknownPath(long id) {
        return "?/" + Long.toUnsignedString(id);
    }

    public boolean isTopLevel() {
        return id == ObjectIds.FS_TREE;
    }

    /**
     * Deleted but not yet cleaned up: the kernel unlinks a deleted subvolume and sets its refs to 0
     * at once, and frees its tree later. Such a subvolume has no path, and that is no damage.
     */
    public boolean isDeleted() {
        return item.refs() == 0;
    }

    public boolean isReadOnly() {
        return item.isReadOnly();
    }

    /**
     * The path for showing: {@code <FS_TREE>} for the top level, {@code DELETED} (as {@code btrfs
     * subvolume list -d} prints it) for a deleted subvolume without a link, else {@link #path()}.
     */
    public String label() {
        if (isTopLevel()) {
            return TOP_LEVEL_LABEL;
        }
        return isDeleted() && !pathKnown ? DELETED_LABEL : path;
    }

    @Override
    public String toString() {
        return "Subvolume[" + Long.toUnsignedString(id) + " " + label() + "]";
    }
}
