package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import btrfs.workbench.metadata.fs.Subvolume;
import btrfs.workbench.metadata.tree.TreeRoot;

/**
 * {@code trees [--json] DEV...}: the trees the root tree records (what {@code readahead --tree}
 * can read), each with its root block, level and generation, subvolumes with their paths as
 * {@code btrfs subvolume list} prints them. The launch dialog asks a server this way for the trees
 * of an array there.
 */
@Command(name = "trees", description = "the array's trees: id, name, root block, level, generation, subvolume path")
final class TreesCommand extends CliCommand {

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    ArrayDevices array = new ArrayDevices();

    TreesCommand(Io io) {
        super(io);
    }

    @Override
    int run(PrintStream out, PrintStream err) throws CliException {
        try (OpenFilesystem fs = OpenFilesystem.open(array.devices)) {
            int exit = fs.reportProblems(err);
            Map<Long, String> paths = subvolumePaths(fs, err);
            if (json) {
                ObjectNode root = Json.object();
                ArrayNode trees = root.putArray("trees");
                fs.get().treeRoots().forEach(t -> trees.add(treeJson(t, paths.get(t.id()))));
                Json.print(root, out);
            } else {
                out.printf("%-20s %-24s %5s %20s %12s  %s%n", "ID", "NAME", "LEVEL", "ROOT", "GENERATION", "PATH");
                for (TreeRoot t : fs.get().treeRoots()) {
                    out.printf("%-20s %-24s %5d %20s %12s  %s%n", Long.toUnsignedString(t.id()), t.name(), t.level(),
                            Long.toUnsignedString(t.bytenr()), Long.toUnsignedString(t.generation()),
                            paths.getOrDefault(t.id(), ""));
                }
            }
            return exit;
        }
    }

    /** Subvolume paths by tree id; a root tree whose paths cannot be read gives none (said on stderr). */
    private static Map<Long, String> subvolumePaths(OpenFilesystem fs, PrintStream err) {
        Map<Long, String> paths = new HashMap<>();
        try {
            for (Subvolume v : fs.get().subvolumes().list()) {
                paths.put(v.id(), v.label());
            }
        } catch (RuntimeException e) {
            err.println("btrfs-workbench: subvolume paths unknown: " + e.getMessage());
        }
        return paths;
    }

    private static ObjectNode treeJson(TreeRoot t, String path) {
        ObjectNode node = Json.object();
        Json.putU64(node, "id", t.id());
        node.put("name", t.name());
        node.put("key", t.rootItemKey() == null ? null : t.rootItemKey().toArgument()); // superblock roots: none
        Json.putU64(node, "bytenr", t.bytenr());
        node.put("level", t.level());
        Json.putU64(node, "generation", t.generation());
        Json.putU64(node, "bytes_used", t.bytesUsed());
        node.put("subvolume", path);
        return node;
    }
}
