package btrfs.workbench.session;

import java.util.List;

/**
 * What keeps an array from being opened or a run from starting, in words for the user: one line,
 * and one more per problem behind it (each device that could not be used, say). Never the
 * filesystem's fault alone: a missing path, a permission, a file that cannot be written.
 */
public final class SessionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> details;

    public SessionException(String message) {
        this(message, List.of(), null);
    }

    public SessionException(String message, Throwable cause) {
        this(message, List.of(), cause);
    }

    public SessionException(String message, List<String> details, Throwable cause) {
        super(message, cause);
        this.details = List.copyOf(details);
    }

    /** One problem each, after the message. */
    public List<String> details() {
        return details;
    }
}
