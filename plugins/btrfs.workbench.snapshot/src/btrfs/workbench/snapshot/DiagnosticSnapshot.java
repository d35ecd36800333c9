package btrfs.workbench.snapshot;

import java.util.List;
import java.util.Map;

import btrfs.workbench.readahead.heatmap.HeatmapSnapshot;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;

/**
 * A diagnostic snapshot (schema {@link #SCHEMA_VERSION}): what the live views showed at one
 * instant, to be opened on another machine without the array. Only metadata addresses and
 * counters, never file data.
 *
 * @param schemaVersion the schema of the file it was read from; {@link #SCHEMA_VERSION} when taken or written
 *                      by this version
 * @param tool          "btrfs-workbench"
 * @param toolVersion   the writer's version
 * @param created       ISO-8601 time of the snapshot
 * @param host          the machine it was taken on
 * @param array         the array, its devices and metadata chunk map; null for a run-less engine
 * @param engine        the engine's state: devices with zones, current zone, pointer, in flight;
 *                      the controls still running; totals; null when no readahead ran
 * @param queues        per devid the device's whole queue in read order (the engine snapshot only
 *                      holds a window of it)
 * @param controls      every control of the run with its final or current progress and errors
 * @param throughput    per devid the bytes read over engine time
 * @param heatmap       per device what happened where (cells of its physical space); null if not recorded
 */
public record DiagnosticSnapshot(int schemaVersion, String tool, String toolVersion, String created, String host,
        ArrayState array, EngineSnapshot engine, Map<Long, List<ExtentSnapshot>> queues, List<ControlSnapshot> controls,
        Map<Long, List<Sample>> throughput, HeatmapSnapshot heatmap) {

    /**
     * The format this version writes; readers accept it and older ones. 2: every list of extents
     * (the queues, the engine's window) as columns of numbers instead of one object per extent,
     * see {@code schema/diagnostic-snapshot.schema.json}.
     */
    public static final int SCHEMA_VERSION = 2;

    public static final String TOOL = "btrfs-workbench";

    /** Bytes a device had read by engine time {@code t} (nanoseconds). */
    public record Sample(long t, long bytes) {
    }

    public DiagnosticSnapshot {
        queues = queues == null ? Map.of() : Map.copyOf(queues);
        controls = controls == null ? List.of() : List.copyOf(controls);
        throughput = throughput == null ? Map.of() : Map.copyOf(throughput);
    }
}
