package btrfs.workbench.cli;

/** A failure reported as one line on stderr with its exit code, never as a stack trace. */
final class CliException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(Cli.BAD_INPUT, message + " (see --help)");
    }

    int exitCode() {
        return exitCode;
    }
}
