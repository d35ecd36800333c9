package btrfs.workbench.snapshot;

import java.io.IOException;

/** A snapshot file that cannot be used, with a message for the user. */
public final class SnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
