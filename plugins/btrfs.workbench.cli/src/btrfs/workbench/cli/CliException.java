package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.List;

import btrfs.workbench.session.RunSpecException;
import btrfs.workbench.session.SessionException;

/**
 * A failure reported on stderr with its exit code, never as a stack trace: one line, and one
 * more per problem behind it (each device that could not be used, say).
 */
final class CliException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> details;

    CliException(int exitCode, String message) {
        this(exitCode, message, List.of());
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.details = List.of();
    }

    /** {@code details}: one problem each, printed as lines of their own after the message. */
    CliException(int exitCode, String message, List<String> details) {
        super(message);
        this.exitCode = exitCode;
        this.details = List.copyOf(details);
    }

    /** What kept an array from opening or a run from starting: bad input, exit 2. */
    static CliException of(SessionException e) {
        CliException cli = new CliException(Cli.BAD_INPUT, e.getMessage(), e.details());
        cli.initCause(e.getCause() != null ? e.getCause() : e);
        return cli;
    }

    /** A value the user typed that breaks a rule of the run: a usage error. */
    interface Parse<T> {
        T get();
    }

    /** {@code parse}'s result; a rule it breaks ({@link RunSpecException}) is a usage error. */
    static <T> T checked(Parse<T> parse) throws CliException {
        try {
            return parse.get();
        } catch (RunSpecException e) {
            throw usage(e.getMessage());
        }
    }

    static CliException usage(String message) {
        return new CliException(Cli.BAD_INPUT, message + " (see --help)");
    }

    int exitCode() {
        return exitCode;
    }

    /** The message and every detail, one line each, as the CLI prints errors. */
    void print(PrintStream err) {
        err.println("btrfs-workbench: " + getMessage());
        details.forEach(detail -> err.println("btrfs-workbench: " + detail));
    }
}
