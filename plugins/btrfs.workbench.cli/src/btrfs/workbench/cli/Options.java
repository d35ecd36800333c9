package btrfs.workbench.cli;

import java.util.List;

/** Small helpers for the commands' option parsing (each command removes the options it knows). */
final class Options {

    private Options() {
    }

    /**
     * Removes {@code option VALUE} from {@code args} and returns VALUE, or null when absent.
     *
     * @throws CliException when the option is last, without a value
     */
    static String take(List<String> args, String option) throws CliException {
        int at = args.indexOf(option);
        if (at < 0) {
            return null;
        }
        if (at + 1 >= args.size()) {
            throw CliException.usage(option + " needs a value");
        }
        String value = args.get(at + 1);
        args.subList(at, at + 2).clear();
        return value;
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
