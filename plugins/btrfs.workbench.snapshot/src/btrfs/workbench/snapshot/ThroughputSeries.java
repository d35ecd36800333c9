package btrfs.workbench.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.snapshot.DiagnosticSnapshot.Sample;

/**
 * Bytes read per device over time, one point per sample of the run (at most 20 a second), kept
 * bounded by halving the resolution when full: a chart of a long run stays cheap.
 */
public final class ThroughputSeries {

    private static final int MAX_POINTS = 2048;

    /** Per device: [engine time ns, bytes read so far] pairs. */
    private final Map<Long, List<long[]>> points = new LinkedHashMap<>();

    /** Adds a point per device: its bytes read by the snapshot's time. */
    public synchronized void add(EngineSnapshot snapshot) {
        for (DeviceSnapshot device : snapshot.devices()) {
            List<long[]> series = points.computeIfAbsent(device.devid(), k -> new ArrayList<>());
            series.add(new long[] { snapshot.t(), device.counters().bytes() });
            if (series.size() > MAX_POINTS) {
                thin(series);
            }
        }
    }

    private static void thin(List<long[]> series) {
        List<long[]> kept = new ArrayList<>(series.size() / 2 + 1);
        for (int i = 0; i < series.size(); i += 2) {
            kept.add(series.get(i));
        }
        kept.add(series.get(series.size() - 1));
        series.clear();
        series.addAll(kept);
    }

    /** An immutable copy: per devid the cumulative bytes over engine time. */
    public synchronized Map<Long, List<Sample>> snapshot() {
        Map<Long, List<Sample>> copy = new LinkedHashMap<>();
        points.forEach((devid, series) -> copy.put(devid, series.stream().map(p -> new Sample(p[0], p[1])).toList()));
        return copy;
    }
}
