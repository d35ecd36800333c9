package btrfs.workbench.bench;

/** The benchmark cannot go on (a tool failed, an array could not be built); one line for the user. */
public final class BenchException extends Exception {

    private static final long serialVersionUID = 1L;

    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
