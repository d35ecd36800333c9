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
 */
public record EngineSnapshot(long t, String strategy, int nodesize, int maxInFlightPerDevice,
        List<DeviceSnapshot> devices, List<ControlSnapshot> controls, Totals totals) {

    public EngineSnapshot {
        devices = List.copyOf(devices);
        controls = List.copyOf(controls);
    }
}
