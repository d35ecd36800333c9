package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.List;

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
