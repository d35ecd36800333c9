package btrfs.workbench.session;

import java.util.Locale;
import java.util.OptionalLong;

import btrfs.workbench.metadata.key.ObjectIds;

/** Trees as a user names them: {@code --tree T} on the command line, tree names in messages. */
public final class TreeNames {

    /** The names accepted, as the CLI's help lists them. */
    public static final String HELP = "root|extent|chunk|dev|fs|csum|quota|uuid|free-space|block-group|data-reloc|ID";

    private TreeNames() {
    }

    /**
     * The objectid of a tree named as btrfs-progs' {@code dump-tree -t} accepts it: a name in any
     * case, with or without {@code _TREE}, or an id.
     */
    public static long parse(String name) {
        OptionalLong id = ObjectIds.parseTreeId(name);
        if (id.isEmpty()) {
            throw new RunSpecException(SpecRule.TREES, "unknown tree '" + name + "' (" + HELP + ")",
                    "Unknown tree '" + name + "'.");
        }
        return id.getAsLong();
    }

    /** The short name {@link #parse} reads back: {@code fs}, {@code free-space}, {@code 256}. */
    public static String shortName(long id) {
        String name = ObjectIds.treeName(id).toLowerCase(Locale.ROOT);
        if (name.endsWith("_tree")) {
            name = name.substring(0, name.length() - "_tree".length());
        }
        return name.replace('_', '-');
    }
}
