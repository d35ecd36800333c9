package btrfs.workbench.readahead.state;

import java.util.List;

/**
 * An immutable picture of the readahead engine at one instant, taken under its lock.
 *
 * @param t                    nanoseconds since the engine was created
 * @param strategy             "reada" or "naive"
 * @param nodesize             tree block size
 * @param maxInFlightPerDevice the configured cap
 * @param devices              every device, in machine order
 * @param controls             the controls not yet finished, oldest first
 * @param engine               the reada strategy's schedule: "workbench" or "v4.19" (snapshots
 *                             older than the v4.19 mode have none: they were the workbench's)
 */
public record EngineSnapshot(long t, String strategy, int nodesize, int maxInFlightPerDevice,
        List<DeviceSnapshot> devices, List<ControlSnapshot> controls, Totals totals, String engine) {

    public EngineSnapshot {
        engine = engine == null ? "workbench" : engine;
        devices = List.copyOf(devices);
        controls = List.copyOf(controls);
    }
}
