package btrfs.workbench.snapshot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.readahead.heatmap.HeatmapSnapshot;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;

/** Takes diagnostic snapshots of an array and, if one runs, of its readahead engine. */
public final class Snapshots {

    private Snapshots() {
    }

    /** The array's static state: superblock summary, devices, metadata chunk map; no engine. */
    public static DiagnosticSnapshot ofArray(String toolVersion, BtrfsFilesystem fs) {
        return new DiagnosticSnapshot(DiagnosticSnapshot.SCHEMA_VERSION, DiagnosticSnapshot.TOOL, toolVersion,
                Instant.now().toString(), host(), ArrayState.of(fs), null, Map.of(), List.of(), Map.of(), null);
    }

    /**
     * The engine's state now, with every device's whole queue and every control's progress
     * (taken one after the other: the queues may be a few reads newer than the engine snapshot).
     */
    public static DiagnosticSnapshot ofRun(String toolVersion, BtrfsFilesystem fs, ReadaheadEngine engine,
            List<ReadaheadControl> controls, Map<Long, List<DiagnosticSnapshot.Sample>> throughput,
            HeatmapSnapshot heatmap) {
        DiagnosticSnapshot run = runState(engine, controls, throughput, heatmap);
        return new DiagnosticSnapshot(DiagnosticSnapshot.SCHEMA_VERSION, DiagnosticSnapshot.TOOL, toolVersion,
                run.created(), host(), ArrayState.of(fs), run.engine(), run.queues(), run.controls(),
                run.throughput(), run.heatmap());
    }

    /**
     * Only what changes during a run — engine, whole queues, controls, throughput, heatmap — for
     * a recording's frames; tool, host and array are left out (a recording's header has them).
     */
    public static DiagnosticSnapshot runState(ReadaheadEngine engine, List<ReadaheadControl> controls,
            Map<Long, List<DiagnosticSnapshot.Sample>> throughput, HeatmapSnapshot heatmap) {
        EngineSnapshot state = engine.snapshot();
        Map<Long, List<ExtentSnapshot>> queues = new LinkedHashMap<>();
        for (DeviceSnapshot device : state.devices()) {
            queues.put(device.devid(), engine.queue(device.devid(), 0, Integer.MAX_VALUE));
        }
        return new DiagnosticSnapshot(DiagnosticSnapshot.SCHEMA_VERSION, null, null, Instant.now().toString(), null,
                null, state, queues, controls.stream().map(ReadaheadControl::progress).toList(), throughput, heatmap);
    }

    /** This machine's name, as snapshots and recordings note it. */
    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
