package btrfs.workbench.cli;

import java.util.List;

/** Small helpers for the commands' option parsing (each command removes the options it knows). */
final class Options {

    private Options() {
    }

    /** After a command took its options, anything still starting with '-' is a mistake. */
    static void rejectUnknown(List<String> rest) throws CliException {
        for (String arg : rest) {
            if (arg.startsWith("-")) {
                throw CliException.usage("unknown option " + arg);
            }
        }
    }
}
