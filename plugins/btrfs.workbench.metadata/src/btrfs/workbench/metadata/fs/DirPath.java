package btrfs.workbench.metadata.fs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.item.InodeRef;
import btrfs.workbench.metadata.item.ItemProblem;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.BlockProblem;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.TreeWalker;

/**
 * The path of a directory inside one subvolume, found the way the kernel's INO_LOOKUP does it for
 * {@code btrfs subvolume list}: from the directory's INODE_REF (key ino, INODE_REF, parent ino)
 * to its parent, and so on up to the subvolume's top directory, inode 256
 * (BTRFS_FIRST_FREE_OBJECTID).
 * <p>
 * Bounded on damaged trees: an inode met twice is a cycle, and no path is deeper than
 * {@link #MAX_DEPTH} directories.
 */
final class DirPath {

    /** PATH_MAX is 4096 bytes, so no real path has more components ("a/a/a/..."). */
    static final int MAX_DEPTH = 2048;

    private DirPath() {
    }

    /** One step up: the directory's name in its parent. */
    private record Step(long parent, String name) {
    }

    /** What the lookup of one inode's INODE_REFs found: the key, its leaf and the decoded entries. */
    private record Found(Key key, long leaf, Decoded<List<InodeRef>> refs) {
    }

    /** The path of directory {@code dirid} in {@code tree}: "" for 256, else "a/b" without slashes around. */
    static Decoded<String> of(TreeWalker walker, TreeRoot tree, long dirid, List<MetadataProblem> problems) {
        return of(walker, tree, dirid, MAX_DEPTH, problems);
    }

    static Decoded<String> of(TreeWalker walker, TreeRoot tree, long dirid, int maxDepth,
            List<MetadataProblem> problems) {
        Deque<String> names = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        for (long ino = dirid; ino != ObjectIds.FIRST_FREE;) {
            if (!seen.add(ino)) {
                return Decoded.bad("directory " + Long.toUnsignedString(ino)
                        + " is its own ancestor (INODE_REF cycle)");
            }
            if (names.size() == maxDepth) {
                return Decoded.bad("directory " + Long.toUnsignedString(dirid) + " is more than " + maxDepth
                        + " directories deep");
            }
            Decoded<Step> step = parentOf(walker, tree, ino, problems);
            if (step instanceof Decoded.Bad<Step> bad) {
                return Decoded.bad(bad.reason());
            }
            Step up = step.toOptional().orElseThrow();
            names.addFirst(up.name());
            ino = up.parent();
        }
        return Decoded.ok(String.join("/", names));
    }

    /**
     * The first name of the last INODE_REF of {@code ino}: the kernel searches (ino, INODE_REF, -1)
     * and steps back one item. A directory has exactly one link, so there is one in a sound tree.
     */
    private static Decoded<Step> parentOf(TreeWalker walker, TreeRoot tree, long ino, List<MetadataProblem> problems) {
        List<Found> found = new ArrayList<>();
        List<BlockProblem> walk = walker.forEachItem(tree, KeyRange.ofType(ino, KeyType.INODE_REF), (leaf, i) -> found
                .add(new Found(leaf.items().get(i).key(), leaf.bytenr(), InodeRef.decodeAll(leaf.itemData(i)))));
        problems.addAll(walk);
        if (found.isEmpty()) {
            return Decoded.bad("inode " + Long.toUnsignedString(ino) + " has no INODE_REF in tree " + tree.name()
                    + (walk.isEmpty() ? "" : " (reading it met " + walk.size() + " block problem(s))"));
        }
        Found last = found.get(found.size() - 1);
        if (last.refs() instanceof Decoded.Bad<List<InodeRef>> bad) {
            problems.add(new ItemProblem(tree.id(), last.leaf(), last.key(), bad.reason()));
            return Decoded.bad("INODE_REF " + last.key() + " in tree " + tree.name() + ": " + bad.reason());
        }
        return Decoded.ok(new Step(last.key().offset(), last.refs().toOptional().orElseThrow().get(0).name()));
    }
}
