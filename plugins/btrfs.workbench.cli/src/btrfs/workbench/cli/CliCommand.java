package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import picocli.CommandLine.Option;

/** One subcommand of {@code btrfs-workbench}: its options are its fields' annotations. */
abstract class CliCommand implements Callable<Integer> {

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "print this command's help")
    boolean helpWanted;

    private final Io io;

    CliCommand(Io io) {
        this.io = io;
    }

    @Override
    public final Integer call() throws CliException {
        return run(io.out(), io.err());
    }

    /**
     * Per-item problems that do not stop the command go to {@code err} as one line each.
     *
     * @return the exit code: {@link Cli#OK}, {@link Cli#FS_ERRORS} or {@link Cli#BAD_INPUT}
     * @throws CliException for usage errors and unreadable input (exit code inside)
     */
    abstract int run(PrintStream out, PrintStream err) throws CliException;
}
