package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code btrfs-workbench}. */
interface Command {

    String name();

    /** One line for {@code --help}: the arguments and what it does. */
    String usage();

    /**
     * Per-item problems that do not stop the command go to {@code err} as one line each.
     *
     * @return the exit code: {@link Cli#OK}, {@link Cli#FS_ERRORS} or {@link Cli#BAD_INPUT}
     * @throws CliException for usage errors and unreadable input (exit code inside)
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws CliException;
}
