package btrfs.workbench.snapshot.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import btrfs.workbench.readahead.heatmap.DeviceHeat;
import btrfs.workbench.readahead.heatmap.HeatmapSnapshot;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.DiagnosticSnapshot.Sample;
import btrfs.workbench.snapshot.record.FrameDelta.DeviceHeatDelta;
import btrfs.workbench.snapshot.record.FrameDelta.HeatmapDelta;
import btrfs.workbench.snapshot.record.FrameDelta.SampleDelta;

/**
 * Turns consecutive run states ({@link DiagnosticSnapshot}s of a running engine) into
 * {@link FrameDelta}s and back. {@code apply(before, encode(before, after))} equals {@code after}
 * in everything a run state holds (engine, queues, controls, throughput, heatmap, time).
 */
final class FrameCodec {

    private FrameCodec() {
    }

    /** The frame taking {@code before} (null: none, write a key frame) to {@code after}. */
    static FrameDelta encode(DiagnosticSnapshot before, DiagnosticSnapshot after) {
        boolean key = before == null;
        EngineSnapshot engine = after.engine();
        Map<Long, List<ExtentSnapshot>> oldWindows = key ? Map.of() : windows(before.engine());
        Map<Long, ExtentListDelta> windows = lists(oldWindows, windows(engine), key);
        Map<Long, ExtentListDelta> queues = lists(key ? Map.of() : before.queues(), after.queues(), key);
        List<ControlSnapshot> controls = changedControls(key ? List.of() : before.controls(), after.controls());
        Map<Long, SampleDelta> throughput = throughput(key ? Map.of() : before.throughput(), after.throughput());
        HeatmapDelta heat = heatmap(key ? null : before.heatmap(), after.heatmap());
        return new FrameDelta(FrameDelta.REC, key, after.created(), withoutWindows(engine), windows, queues,
                after.controls().stream().map(ControlSnapshot::id).toList(), controls, throughput, heat);
    }

    /** The state after {@code delta}; {@code before} is ignored for a key frame. */
    static DiagnosticSnapshot apply(RecordingHeader header, DiagnosticSnapshot before, FrameDelta delta) {
        boolean key = delta.key();
        if (!key && before == null) {
            throw new IllegalArgumentException("a recording must start with a key frame");
        }
        EngineSnapshot engine = withWindows(delta.engine(), applyLists(key ? Map.of() : windows(before.engine()),
                delta.windows(), delta.engine().devices().stream().map(DeviceSnapshot::devid).toList()));
        Map<Long, List<ExtentSnapshot>> queues = applyLists(key ? Map.of() : before.queues(), delta.queues(),
                engine.devices().stream().map(DeviceSnapshot::devid).toList());
        List<ControlSnapshot> controls = applyControls(key ? List.of() : before.controls(), delta);
        Map<Long, List<Sample>> throughput = applyThroughput(key ? Map.of() : before.throughput(), delta.throughput());
        HeatmapSnapshot heat = applyHeatmap(key ? null : before.heatmap(), delta.heatmap());
        return new DiagnosticSnapshot(DiagnosticSnapshot.SCHEMA_VERSION, header.tool(), header.toolVersion(),
                delta.created(), header.host(), header.array(), engine, queues, controls, throughput, heat);
    }

    // ---------------------------------------------------------------- extent lists

    private static Map<Long, List<ExtentSnapshot>> windows(EngineSnapshot engine) {
        Map<Long, List<ExtentSnapshot>> windows = new LinkedHashMap<>();
        engine.devices().forEach(d -> windows.put(d.devid(), d.extents()));
        return windows;
    }

    private static EngineSnapshot withoutWindows(EngineSnapshot e) {
        return new EngineSnapshot(e.t(), e.strategy(), e.nodesize(), e.maxInFlightPerDevice(),
                e.devices().stream().map(d -> withExtents(d, List.of())).toList(), e.controls(), e.totals(), e.engine());
    }

    private static EngineSnapshot withWindows(EngineSnapshot e, Map<Long, List<ExtentSnapshot>> windows) {
        return new EngineSnapshot(e.t(), e.strategy(), e.nodesize(), e.maxInFlightPerDevice(),
                e.devices().stream().map(d -> withExtents(d, windows.getOrDefault(d.devid(), List.of()))).toList(),
                e.controls(), e.totals(), e.engine());
    }

    private static DeviceSnapshot withExtents(DeviceSnapshot d, List<ExtentSnapshot> extents) {
        return new DeviceSnapshot(d.devid(), d.present(), d.replaceTarget(), d.zones(), d.currZone(), d.readaNext(),
                d.inFlight(), d.queued(), extents, d.counters());
    }

    /** Per devid the change of its list; in a key frame every list whole. */
    private static Map<Long, ExtentListDelta> lists(Map<Long, List<ExtentSnapshot>> before,
            Map<Long, List<ExtentSnapshot>> after, boolean key) {
        Map<Long, ExtentListDelta> deltas = new LinkedHashMap<>();
        after.forEach((devid, list) -> {
            List<ExtentSnapshot> old = before.get(devid);
            ExtentListDelta delta = key || old == null ? ExtentListDelta.whole(list)
                    : ExtentListDelta.between(old, list);
            if (!delta.isEmpty()) {
                deltas.put(devid, delta);
            }
        });
        return deltas;
    }

    private static Map<Long, List<ExtentSnapshot>> applyLists(Map<Long, List<ExtentSnapshot>> before,
            Map<Long, ExtentListDelta> deltas, List<Long> devids) {
        Map<Long, List<ExtentSnapshot>> after = new LinkedHashMap<>();
        for (long devid : devids) {
            List<ExtentSnapshot> old = before.getOrDefault(devid, List.of());
            ExtentListDelta delta = deltas.get(devid);
            after.put(devid, delta == null ? old : delta.applyTo(old));
        }
        return after;
    }

    // ---------------------------------------------------------------- controls

    private static List<ControlSnapshot> changedControls(List<ControlSnapshot> before, List<ControlSnapshot> after) {
        Map<Long, ControlSnapshot> old = new HashMap<>();
        before.forEach(c -> old.put(c.id(), c));
        return after.stream().filter(c -> !c.equals(old.get(c.id()))).toList();
    }

    private static List<ControlSnapshot> applyControls(List<ControlSnapshot> before, FrameDelta delta) {
        Map<Long, ControlSnapshot> byId = new HashMap<>();
        before.forEach(c -> byId.put(c.id(), c));
        delta.controls().forEach(c -> byId.put(c.id(), c));
        List<ControlSnapshot> after = new ArrayList<>();
        for (long id : delta.controlIds()) {
            after.add(Objects.requireNonNull(byId.get(id), () -> "frame names control " + id + " never recorded"));
        }
        return after;
    }

    // ---------------------------------------------------------------- throughput

    private static Map<Long, SampleDelta> throughput(Map<Long, List<Sample>> before, Map<Long, List<Sample>> after) {
        Map<Long, SampleDelta> deltas = new LinkedHashMap<>();
        after.forEach((devid, series) -> {
            List<Sample> old = before.getOrDefault(devid, List.of());
            int keep = commonPrefix(old, series);
            if (keep < old.size() || keep < series.size() || !before.containsKey(devid)) {
                deltas.put(devid, new SampleDelta(keep, series.subList(keep, series.size())));
            }
        });
        return deltas;
    }

    private static int commonPrefix(List<Sample> a, List<Sample> b) {
        int n = Math.min(a.size(), b.size());
        int i = 0;
        while (i < n && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    private static Map<Long, List<Sample>> applyThroughput(Map<Long, List<Sample>> before,
            Map<Long, SampleDelta> deltas) {
        Map<Long, List<Sample>> after = new LinkedHashMap<>(before);
        deltas.forEach((devid, delta) -> {
            List<Sample> series = new ArrayList<>(before.getOrDefault(devid, List.of()).subList(0, delta.keep()));
            series.addAll(delta.append());
            after.put(devid, List.copyOf(series));
        });
        return after;
    }

    // ---------------------------------------------------------------- heatmap

    private static HeatmapDelta heatmap(HeatmapSnapshot before, HeatmapSnapshot after) {
        if (after == null || after.equals(before)) {
            return null;
        }
        List<DeviceHeatDelta> changed = new ArrayList<>();
        for (DeviceHeat heat : after.devices()) {
            DeviceHeat old = before == null ? null : before.device(heat.devid()).orElse(null);
            if (!heat.equals(old)) {
                changed.add(deviceHeat(old, heat));
            }
        }
        return new HeatmapDelta(after.devices().stream().map(DeviceHeat::devid).toList(), changed);
    }

    private static DeviceHeatDelta deviceHeat(DeviceHeat old, DeviceHeat heat) {
        if (old == null || old.size() != heat.size() || old.cellBytes() != heat.cellBytes()) {
            return new DeviceHeatDelta(heat.devid(), heat, null, null, null);
        }
        byte[] was = old.cells();
        byte[] is = heat.cells();
        int count = 0;
        int[] at = new int[is.length];
        for (int i = 0; i < is.length; i++) {
            if (was[i] != is[i]) {
                at[count++] = i;
            }
        }
        byte[] states = new byte[count];
        for (int k = 0; k < count; k++) {
            states[k] = is[at[k]];
        }
        return new DeviceHeatDelta(heat.devid(), null, Arrays.copyOf(at, count), states, heat.copies());
    }

    private static HeatmapSnapshot applyHeatmap(HeatmapSnapshot before, HeatmapDelta delta) {
        if (delta == null) {
            return before;
        }
        Map<Long, DeviceHeatDelta> changed = new HashMap<>();
        delta.changed().forEach(d -> changed.put(d.devid(), d));
        List<DeviceHeat> devices = new ArrayList<>();
        for (long devid : delta.devids()) {
            DeviceHeat old = before == null ? null : before.device(devid).orElse(null);
            DeviceHeatDelta d = changed.get(devid);
            devices.add(d == null ? Objects.requireNonNull(old, () -> "heatmap of device " + devid + " missing")
                    : applyDeviceHeat(old, d));
        }
        return new HeatmapSnapshot(devices);
    }

    private static DeviceHeat applyDeviceHeat(DeviceHeat old, DeviceHeatDelta d) {
        if (d.full() != null) {
            return d.full();
        }
        if (old == null || d.at() == null || d.states() == null || d.at().length != d.states().length) {
            throw new IllegalArgumentException("heatmap change of device " + d.devid() + " without its base");
        }
        byte[] cells = old.cells();
        for (int k = 0; k < d.at().length; k++) {
            cells[d.at()[k]] = d.states()[k];
        }
        return new DeviceHeat(old.devid(), old.size(), old.cellBytes(), cells, d.copies());
    }
}
