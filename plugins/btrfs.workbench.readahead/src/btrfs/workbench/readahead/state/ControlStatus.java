package btrfs.workbench.readahead.state;

/** Lifecycle of a readahead control. */
public enum ControlStatus {
    /** Elements outstanding. */
    RUNNING,
    /** Cancel requested; in-flight reads are draining. */
    CANCELLING,
    /** All elements finished. */
    DONE,
    /** Finished after a cancel. */
    CANCELLED
}
