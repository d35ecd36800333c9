package btrfs.workbench.session;

/** The rules a {@link RunSpec} is checked against, one per way it can be wrong. */
public enum SpecRule {
    /** Devices or images of the array to read: at least one. */
    DEVICES,
    /** Trees to read: at least one, each a name or an objectid. */
    TREES,
    /** The key range: the end may not be before the start. */
    RANGE,
    /** Reads in flight per device: 1 to {@link RunSpec#MAX_IN_FLIGHT_LIMIT}. */
    MAX_IN_FLIGHT,
    /** Coalescing: a gap from 0 to one coalesced read, and no gap without coalescing. */
    COALESCE,
    /** Scrub reads every copy of every block: reada only, and failover does not apply. */
    SCRUB,
    /** Following leaves and restarting: reada only. */
    FOLLOWING,
    /** background or normal. */
    PRIORITY,
    /** Pacing: latency, bandwidth, seek model in range. */
    PACING,
    /** The read timeout: 0 (wait forever) to a day. */
    READ_TIMEOUT,
    /** Numbered snapshots need the snapshot file that names them. */
    OUTPUTS,
    /** The v4.19 engine has none of the workbench's additions. */
    ENGINE,
    /** Zone streaming: reada, the workbench engine, no scrub. */
    STREAMING
}
