package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.BlockProblem;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.TreeVisitor;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.session.TreeNames;

/**
 * {@code tree-blocks --tree T [--json] DEV...}: every block of tree T reachable from its root,
 * depth first, one line each ({@code node BYTENR} / {@code leaf BYTENR}); bad blocks are one
 * line each on stderr and the walk goes on around them.
 */
@Command(name = "tree-blocks", description = "every block of tree T, depth first: \"node BYTENR\" / \"leaf BYTENR\"")
final class TreeBlocksCommand extends CliCommand {

    @Option(names = "--tree", paramLabel = "T", description = "the tree: " + TreeNames.HELP)
    String tree;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    ArrayDevices array = new ArrayDevices();

    TreeBlocksCommand(Io io) {
        super(io);
    }

    @Override
    int run(PrintStream out, PrintStream err) throws CliException {
        if (tree == null) {
            throw CliException.usage("tree-blocks needs --tree T");
        }
        long treeId = CliException.checked(() -> TreeNames.parse(tree));
        try (OpenFilesystem fs = OpenFilesystem.open(array.devices)) {
            TreeRoot root = fs.get().treeRoot(treeId)
                    .orElseThrow(() -> new CliException(Cli.BAD_INPUT, "tree " + tree + " not present"));
            int exit = fs.reportProblems(err);
            Walk walk = new Walk(json, out, err);
            fs.get().walk(root, KeyRange.ALL, walk);
            if (json) {
                Json.print(toJson(root, walk), out);
            }
            return walk.problems.isEmpty() ? exit : Cli.FS_ERRORS;
        }
    }

    /** Prints blocks as they come (a big tree streams), keeps them only for --json. */
    private static final class Walk implements TreeVisitor {

        private final boolean json;
        private final PrintStream out;
        private final PrintStream err;
        final ArrayNode blocks = Json.array();
        final List<BlockProblem> problems = new ArrayList<>();

        Walk(boolean json, PrintStream out, PrintStream err) {
            this.json = json;
            this.out = out;
            this.err = err;
        }

        @Override
        public boolean visit(VisitedBlock block) {
            String kind = block.level() == 0 ? "leaf" : "node";
            if (json) {
                ObjectNode node = blocks.addObject();
                Json.putU64(node, "bytenr", block.bytenr());
                node.put("kind", kind);
                node.put("level", block.level());
                Json.putU64(node, "generation", block.generation());
                node.put("owner", ObjectIds.treeName(block.owner()));
            } else {
                out.println(kind + " " + Long.toUnsignedString(block.bytenr()));
            }
            return true;
        }

        @Override
        public boolean problem(BlockProblem problem) {
            problems.add(problem);
            err.println("btrfs-workbench: " + problem.message());
            return true;
        }
    }

    private static ObjectNode toJson(TreeRoot root, Walk walk) {
        ObjectNode node = Json.object();
        Json.putU64(node, "tree", root.id());
        node.put("name", root.name());
        Json.putU64(node, "root", root.bytenr());
        node.put("level", root.level());
        Json.putU64(node, "generation", root.generation());
        node.set("blocks", walk.blocks);
        ArrayNode errors = node.putArray("errors");
        for (BlockProblem problem : walk.problems) {
            ObjectNode e = errors.addObject();
            Json.putU64(e, "logical", problem.logical());
            Json.putU64(e, "devid", problem.devid());
            e.put("mirror", problem.mirror());
            e.put("reason", problem.message());
        }
        return node;
    }
}
