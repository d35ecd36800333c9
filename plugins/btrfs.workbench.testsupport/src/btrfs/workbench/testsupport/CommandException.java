package btrfs.workbench.testsupport;

/**
 * A system tool could not start, did not finish in time, or failed where it had to succeed; the
 * message is one line naming the command. Unchecked: for a test such a failure is an error (or,
 * through {@link LoopDevices}, a skip), and for the benchmark it ends the run at its entry point,
 * so no caller in between has anything to do with it.
 */
public final class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
