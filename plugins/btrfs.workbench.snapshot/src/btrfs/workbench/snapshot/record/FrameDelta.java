package btrfs.workbench.snapshot.record;

import java.util.List;
import java.util.Map;

import btrfs.workbench.readahead.heatmap.CellState;
import btrfs.workbench.readahead.heatmap.DeviceHeat;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.snapshot.DiagnosticSnapshot.Sample;

/**
 * One frame of a recording: the difference between the state the views showed at this instant
 * and at the frame before; a {@code key} frame holds the whole state. Only what changed is
 * written, except the engine's device and zone rows, which are small and change every frame.
 *
 * @param rec        always {@value #REC}
 * @param key        true: a full frame, independent of the ones before
 * @param created    ISO-8601 time the frame was taken
 * @param engine     the engine snapshot with every device's extent window left out (see
 *                   {@code windows})
 * @param windows    per devid the change of the extent window the engine snapshot shows
 * @param queues     per devid the change of its whole queue in read order; absent: unchanged
 * @param controlIds every control of the run, in order
 * @param controls   the controls that changed (or, in a key frame, all)
 * @param throughput per devid the change of its throughput series
 * @param heatmap    the heatmap's change; null when there is none or it did not change
 */
public record FrameDelta(String rec, boolean key, String created, EngineSnapshot engine,
        Map<Long, ExtentListDelta> windows, Map<Long, ExtentListDelta> queues, List<Long> controlIds,
        List<ControlSnapshot> controls, Map<Long, SampleDelta> throughput, HeatmapDelta heatmap) {

    public static final String REC = "frame";

    public FrameDelta {
        windows = windows == null ? Map.of() : Map.copyOf(windows);
        queues = queues == null ? Map.of() : Map.copyOf(queues);
        controlIds = controlIds == null ? List.of() : List.copyOf(controlIds);
        controls = controls == null ? List.of() : List.copyOf(controls);
        throughput = throughput == null ? Map.of() : Map.copyOf(throughput);
    }

    /**
     * A throughput series' change: the first {@code keep} samples stay, {@code append} follow
     * (a series thinned to bound its length keeps fewer than it had).
     */
    public record SampleDelta(int keep, List<Sample> append) {
        public SampleDelta {
            append = append == null ? List.of() : List.copyOf(append);
        }
    }

    /** The heatmap's change: its devices in order and those whose cells or counts changed. */
    public record HeatmapDelta(List<Long> devids, List<DeviceHeatDelta> changed) {
        public HeatmapDelta {
            devids = List.copyOf(devids);
            changed = changed == null ? List.of() : List.copyOf(changed);
        }
    }

    /**
     * One device's heatmap change: the whole device ({@code full}), or the cells that changed
     * ({@code at} with their new {@code states}) and the new copy counts.
     */
    public record DeviceHeatDelta(long devid, DeviceHeat full, int[] at, byte[] states,
            Map<CellState, Long> copies) {
    }
}
