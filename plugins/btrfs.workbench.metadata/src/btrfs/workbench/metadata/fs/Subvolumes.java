package btrfs.workbench.metadata.fs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.TreeWalker;

/**
 * Every subvolume and snapshot of a filesystem with its path ({@link Subvolume}), and what got in
 * the way of naming them. Bad metadata gives placeholder paths and problems, never an exception.
 *
 * @param list     FS_TREE first, then by id (the root tree's key order)
 * @param problems distinct problems met, in the order they were met
 */
public record Subvolumes(List<Subvolume> list, List<MetadataProblem> problems) {

    public Subvolumes {
        list = List.copyOf(list);
        problems = List.copyOf(new LinkedHashSet<>(problems));
    }

    /**
     * Reads the subvolumes of the root tree at {@code rootTree}: its ROOT_ITEMs, ROOT_BACKREFs and
     * ROOT_REFs, and for a subvolume linked below a subdirectory of its parent the INODE_REFs of
     * that directory in the parent's tree.
     */
    public static Subvolumes read(TreeWalker walker, TreeRoot rootTree) {
        List<MetadataProblem> problems = new ArrayList<>();
        RootTreeLinks links = RootTreeLinks.read(walker, rootTree, problems);
        List<Subvolume> list = new SubvolumePaths(walker, links, problems).subvolumes();
        return new Subvolumes(list, problems);
    }

    public Optional<Subvolume> byId(long id) {
        return list.stream().filter(s -> s.id() == id).findFirst();
    }
}
