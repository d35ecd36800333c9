package btrfs.workbench.cli;

import java.util.OptionalLong;

import btrfs.workbench.metadata.tree.ObjectIds;

/** The {@code --tree T} argument: a name as btrfs-progs' dump-tree -t accepts it, or an id. */
final class TreeNames {

    static final String HELP = "root|extent|chunk|dev|fs|csum|quota|uuid|free-space|block-group|data-reloc|ID";

    private TreeNames() {
    }

    static long parse(String name) throws CliException {
        OptionalLong id = ObjectIds.parseTreeId(name);
        if (id.isEmpty()) {
            throw CliException.usage("unknown tree '" + name + "' (" + HELP + ")");
        }
        return id.getAsLong();
    }
}
