package btrfs.workbench.metadata.fs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.fs.RootTreeLinks.Entry;
import btrfs.workbench.metadata.fs.RootTreeLinks.Link;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeWalker;

/**
 * Names the subvolumes of {@link RootTreeLinks}: each one's place in its parent (link name and
 * the link's directory), then the full path by following parents up to FS_TREE, as
 * {@code btrfs subvolume list} does: path(parent) + "/" + directory + "/" + name.
 * <p>
 * Parents are followed iteratively with memoized results, so every chain is walked once; a
 * chain that comes back to a subvolume already on it is a cycle, reported and cut there.
 */
final class SubvolumePaths {

    /** Where a subvolume is linked: its parent and its path below the parent's top directory. */
    private record Location(long parent, String name, String pathInParent) {
    }

    /** A full path and whether every link on the way was known. */
    private record Resolved(String path, boolean known) {
    }

    private static final Resolved TOP_LEVEL = new Resolved("", true);

    private final TreeWalker walker;
    private final RootTreeLinks links;
    private final List<MetadataProblem> problems;
    private final Map<Long, Location> locations = new HashMap<>();
    private final Map<Long, Resolved> resolved = new HashMap<>();

    SubvolumePaths(TreeWalker walker, RootTreeLinks links, List<MetadataProblem> problems) {
        this.walker = walker;
        this.links = links;
        this.problems = problems;
    }

    /** Every subvolume of the root tree in key order, named. */
    List<Subvolume> subvolumes() {
        for (Entry entry : links.subvolumes().values()) {
            if (entry.root().id() != ObjectIds.FS_TREE) {
                locate(entry).ifPresent(location -> locations.put(entry.root().id(), location));
            }
        }
        List<Subvolume> list = new ArrayList<>();
        for (Entry entry : links.subvolumes().values()) {
            list.add(subvolume(entry));
        }
        return list;
    }

    private Subvolume subvolume(Entry entry) {
        long id = entry.root().id();
        Resolved path = path(id);
        Location location = locations.get(id);
        return new Subvolume(id, location != null ? location.parent() : 0, location != null ? location.name() : "",
                path.path(), path.known(), entry.item(), entry.root());
    }

    /** The link of one subvolume and the path of its directory in the parent; empty with a problem if unknown. */
    private Optional<Location> locate(Entry entry) {
        long id = entry.root().id();
        Optional<Link> link = link(id);
        if (link.isEmpty()) {
            if (entry.item().refs() != 0) { // refs 0: deleted and unlinked, waiting for the cleaner
                problem(id, "no ROOT_BACKREF or ROOT_REF links it into a parent subvolume");
            }
            return Optional.empty();
        }
        Link l = link.get();
        Decoded<String> dir = directory(l);
        if (dir instanceof Decoded.Bad<String> bad) {
            problem(id, "directory " + Long.toUnsignedString(l.ref().dirid()) + " of parent "
                    + ObjectIds.treeName(l.parent()) + ": " + bad.reason());
            return Optional.empty();
        }
        String inParent = dir.toOptional().orElseThrow();
        String name = l.ref().name();
        return Optional.of(new Location(l.parent(), name, inParent.isEmpty() ? name : inParent + "/" + name));
    }

    /** The ROOT_BACKREF (what btrfs subvolume list reads), else the ROOT_REF; a disagreement is reported. */
    private Optional<Link> link(long id) {
        Link back = links.backrefs().get(id);
        Link forward = links.refs().get(id);
        if (back != null && forward != null && !back.equals(forward)) {
            problem(id, "ROOT_BACKREF " + describe(back) + " and ROOT_REF " + describe(forward)
                    + " differ; using the ROOT_BACKREF");
        }
        return Optional.ofNullable(back != null ? back : forward);
    }

    private static String describe(Link link) {
        return "(parent " + ObjectIds.treeName(link.parent()) + " dirid " + Long.toUnsignedString(link.ref().dirid())
                + " sequence " + Long.toUnsignedString(link.ref().sequence()) + " name " + link.ref().name() + ")";
    }

    /** The path of the link's directory inside the parent: "" for its top directory, no tree read then. */
    private Decoded<String> directory(Link link) {
        Optional<Entry> parent = links.subvolume(link.parent());
        if (parent.isEmpty()) {
            return Decoded.bad("the parent has no ROOT_ITEM");
        }
        if (link.ref().dirid() == ObjectIds.FIRST_FREE) {
            return Decoded.ok("");
        }
        return DirPath.of(walker, parent.get().root(), link.ref().dirid(), problems);
    }

    /**
     * The full path of {@code id}: climbs parents until a subvolume whose path is known (FS_TREE,
     * one resolved before) or cannot be known (no location, a cycle), then fills in the way back.
     */
    private Resolved path(long id) {
        Deque<Long> chain = new ArrayDeque<>();
        Set<Long> onChain = new HashSet<>();
        long current = id;
        while (!resolved.containsKey(current)) {
            if (current == ObjectIds.FS_TREE) {
                resolved.put(current, TOP_LEVEL);
            } else if (onChain.contains(current)) {
                problem(current, "its parents lead back to it: " + cycle(chain, current));
                resolved.put(current, unknown(current));
            } else if (!locations.containsKey(current)) {
                resolved.put(current, unknown(current));
            } else {
                chain.push(current);
                onChain.add(current);
                current = locations.get(current).parent();
            }
        }
        while (!chain.isEmpty()) {
            long child = chain.pop();
            Location location = locations.get(child);
            resolved.putIfAbsent(child, below(resolved.get(location.parent()), location.pathInParent()));
        }
        return resolved.get(id);
    }

    private static Resolved unknown(long id) {
        return new Resolved(Subvolume.unknownPath(id), false);
    }

    private static Resolved below(Resolved parent, String pathInParent) {
        String path = parent.path().isEmpty() ? pathInParent : parent.path() + "/" + pathInParent;
        return new Resolved(path, parent.known());
    }

    /** The ids of the cycle through {@code start} in climbing order, e.g. "256 -> 257 -> 256". */
    private static String cycle(Deque<Long> chain, long start) {
        List<Long> upwards = new ArrayList<>(chain);
        Collections.reverse(upwards); // a stack lists the last pushed, the highest parent, first
        List<Long> loop = new ArrayList<>(upwards.subList(upwards.indexOf(start), upwards.size()));
        loop.add(start);
        return loop.stream().map(ObjectIds::treeName).collect(Collectors.joining(" -> "));
    }

    private void problem(long id, String reason) {
        problems.add(new SubvolumeProblem(id, reason));
    }
}
