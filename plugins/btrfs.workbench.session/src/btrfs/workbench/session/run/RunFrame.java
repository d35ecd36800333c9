package btrfs.workbench.session.run;

import java.util.List;
import java.util.Map;

import btrfs.workbench.readahead.heatmap.HeatmapSnapshot;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.snapshot.DiagnosticSnapshot.Sample;

/**
 * Everything the views show of one run at one instant, taken off the UI thread: the engine's
 * snapshot, every control's progress (finished ones too), the throughput series, the page of a
 * device's queue the queue view asked for, and the heatmap of every device.
 *
 * @param finished every control is done; this is the final state
 */
public record RunFrame(EngineSnapshot engine, List<ControlSnapshot> controls,
        Map<Long, List<Sample>> throughput, QueuePage queue, HeatmapSnapshot heat, long elapsedNanos,
        boolean finished) {

    public RunFrame {
        controls = List.copyOf(controls);
        throughput = Map.copyOf(throughput);
    }

    /** The device's snapshot, or null. */
    public DeviceSnapshot device(long devid) {
        return engine.devices().stream().filter(d -> d.devid() == devid).findFirst().orElse(null);
    }
}
