package btrfs.workbench.readahead.state;

/** State of a tree block in a device's queue. */
public enum ExtentStatus {
    /** Queued, not being read. */
    QUEUED,
    /** Being read (in flight), on {@link ExtentSnapshot#readBy()}. */
    SCHEDULED,
    /** Recently read successfully on this device. */
    DONE,
    /** Recently failed on this device. */
    FAILED
}
