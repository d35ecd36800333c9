package btrfs.workbench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.testsupport.ProgsImages;

/**
 * What the btrfs-progs image sweep runs on one filesystem: {@code scan}, {@code super},
 * {@code chunks}, {@code tree-blocks} for every tree it has and one {@code readahead} of all
 * those trees at once. The trees are those the root tree lists, as far as it can be read; when
 * it lists none (unreadable, or the filesystem does not open), the standard trees are tried.
 */
final class SweepPlan {

    /** The trees every filesystem has or may have, by the names {@code --tree} takes. */
    static final List<String> STANDARD_TREES = List.of("root", "extent", "chunk", "dev", "fs", "csum", "quota",
            "uuid", "free-space", "block-group", "data-reloc");

    /** Trees named rather than numbered in the table: the standard ones and the log. */
    private static final List<String> NAMED_TREES = concat(STANDARD_TREES, List.of("log"));

    /** One command on one filesystem; {@link #label()} is how the table names it. */
    record Invocation(Target target, List<String> command) {

        String label() {
            return String.join(" ", command);
        }

        List<String> argv() {
            List<String> argv = new ArrayList<>(command);
            target.devices().forEach(device -> argv.add(device.toString()));
            return argv;
        }
    }

    /** A filesystem of the set: its name in the table, its unpacked devices and their image names. */
    record Target(String name, List<Path> devices, List<String> imageNames) {

        /** stderr with the unpacked copies' paths (machine-specific) replaced by the image names. */
        String anonymise(String text) {
            String result = text;
            for (int i = 0; i < devices.size(); i++) {
                result = result.replace(devices.get(i).toString(), imageNames.get(i) + ".raw");
            }
            return result;
        }
    }

    private SweepPlan() {
    }

    /** The filesystem unpacked (once, below target/) and named as the table names it. */
    static Target target(ProgsImages.Filesystem fs) {
        List<String> names = fs.images().stream().map(ProgsImages.Image::name).toList();
        List<Path> devices = fs.images().stream().map(ProgsImages.Image::unpacked).toList();
        return new Target(String.join(" + ", names), devices, names);
    }

    static List<Invocation> invocations(Target target) {
        Trees trees = trees(target.devices());
        List<Invocation> invocations = new ArrayList<>();
        invocations.add(new Invocation(target, List.of("scan")));
        invocations.add(new Invocation(target, List.of("super")));
        invocations.add(new Invocation(target, List.of("chunks")));
        trees.walked().forEach(tree -> invocations.add(new Invocation(target, List.of("tree-blocks", "--tree", tree))));
        List<String> readahead = new ArrayList<>(List.of("readahead", "--json"));
        trees.readAhead().forEach(tree -> readahead.addAll(List.of("--tree", tree)));
        invocations.add(new Invocation(target, readahead));
        return invocations;
    }

    /**
     * The trees {@code tree-blocks} walks one by one, and those one readahead reads together: the
     * ones the filesystem has. Where its root tree lists none, {@code tree-blocks} tries every
     * standard tree (to see the absent ones refused cleanly) and the readahead reads what the
     * superblock names; a filesystem that does not open gets the standard trees for both.
     */
    record Trees(List<String> walked, List<String> readAhead) {
    }

    /** The trees of the filesystem in the order it lists them, standard ones by name, others by id. */
    static Trees trees(List<Path> devices) {
        FilesystemOpen open = BtrfsFilesystem.openPaths(devices);
        if (!(open instanceof FilesystemOpen.Opened opened)) {
            return new Trees(STANDARD_TREES, STANDARD_TREES);
        }
        try (BtrfsFilesystem fs = opened.filesystem()) {
            Set<String> present = new LinkedHashSet<>();
            fs.treeRoots().forEach(root -> present.add(treeArgument(root)));
            // The superblock alone gives the root and chunk trees (and a log): the root tree listed nothing.
            boolean rootTreeListed = fs.treeRoots().stream().anyMatch(root -> root.rootItemKey() != null);
            return new Trees(rootTreeListed ? List.copyOf(present) : STANDARD_TREES, List.copyOf(present));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String treeArgument(TreeRoot root) {
        for (String name : NAMED_TREES) {
            if (ObjectIds.parseTreeId(name).orElseThrow() == root.id()) {
                return name;
            }
        }
        return Long.toUnsignedString(root.id());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
