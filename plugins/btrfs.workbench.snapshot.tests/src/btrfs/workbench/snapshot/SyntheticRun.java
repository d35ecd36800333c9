package btrfs.workbench.snapshot;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.heatmap.CellState;
import btrfs.workbench.readahead.heatmap.DeviceHeat;
import btrfs.workbench.readahead.heatmap.HeatmapSnapshot;
import btrfs.workbench.readahead.state.BadCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;
import btrfs.workbench.readahead.state.DeviceCounters;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;
import btrfs.workbench.readahead.state.ReadError;
import btrfs.workbench.readahead.state.Totals;
import btrfs.workbench.readahead.state.ZoneSnapshot;

/**
 * A made-up but plausible snapshot of a big readahead, of any size: four 8 TiB devices with RAID1
 * metadata in 1 GiB block groups high in the logical space (numbers as long as a years-old
 * filesystem has), every device's queue in read order, the engine's window, controls with
 * errors, throughput series and 65 536-cell heatmaps as the GUI records them. Seeded: the same
 * arguments give the same snapshot.
 */
final class SyntheticRun {

    static final int DEVICES = 4;
    private static final long TIB = 1L << 40;
    private static final long GIB = 1L << 30;
    private static final int NODESIZE = 16384;
    private static final long FIRST_LOGICAL = 37 * TIB;
    private static final int CHUNKS = 64;
    private static final int HEAT_CELLS = 65536;
    private static final int SAMPLES = 2048;
    private static final ExtentStatus[] STATUSES = ExtentStatus.values();

    private final Random random;
    private final int queuedPerDevice;

    private SyntheticRun(long seed, int queuedPerDevice) {
        this.random = new Random(seed);
        this.queuedPerDevice = queuedPerDevice;
    }

    /** A snapshot with {@code queued} extents over all queues (a multiple of {@link #DEVICES}). */
    static DiagnosticSnapshot of(int queued, long seed) {
        return new SyntheticRun(seed, queued / DEVICES).snapshot();
    }

    private DiagnosticSnapshot snapshot() {
        ArrayState array = array();
        Map<Long, List<ExtentSnapshot>> queues = new LinkedHashMap<>();
        List<DeviceSnapshot> devices = new ArrayList<>();
        for (ArrayState.Device d : array.devices()) {
            List<ArrayState.Chunk> held = chunksOn(array, d.devid());
            List<ExtentSnapshot> queue = queue(d.devid(), held);
            queues.put(d.devid(), queue);
            devices.add(device(d.devid(), held, queue));
        }
        List<ControlSnapshot> controls = controls();
        EngineSnapshot engine = new EngineSnapshot(612_345_678_901L, "reada", NODESIZE, 6, devices,
                controls.stream().filter(c -> !c.finished()).toList(),
                new Totals(queuedPerDevice * DEVICES / 2, CHUNKS * 2, 24, 9_876_543, 9_876_543L * NODESIZE,
                        123_456_789_012L, 1000, 7, 3), "workbench");
        return new DiagnosticSnapshot(DiagnosticSnapshot.SCHEMA_VERSION, DiagnosticSnapshot.TOOL, "0.1.0.synthetic",
                "2026-11-25T10:00:00Z", "bench-host", array, engine, queues, controls, throughput(), heatmap());
    }

    /** RAID1: chunk i has its stripes on devices i mod 4 + 1 and (i + 1) mod 4 + 1. */
    private static ArrayState array() {
        List<ArrayState.Device> devices = new ArrayList<>();
        for (int d = 1; d <= DEVICES; d++) {
            devices.add(new ArrayState.Device(d, "00000000-0000-4000-8000-00000000000" + d, "/dev/sd" + (char) ('a' + d),
                    8 * TIB, 5 * TIB, false));
        }
        List<ArrayState.Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            long physical = TIB + i * GIB;
            chunks.add(new ArrayState.Chunk(FIRST_LOGICAL + i * 3 * GIB, GIB, "METADATA|RAID1",
                    List.of(new ArrayState.ChunkStripe(i % DEVICES + 1, physical),
                            new ArrayState.ChunkStripe((i + 1) % DEVICES + 1, physical))));
        }
        return new ArrayState("5ca1ab1e-0000-4000-8000-000000000001", "5ca1ab1e-0000-4000-8000-000000000001",
                "big", 1_234_567, NODESIZE, 4096, "crc32c", DEVICES, devices, chunks);
    }

    private static List<ArrayState.Chunk> chunksOn(ArrayState array, long devid) {
        return array.metadataChunks().stream().filter(c -> c.stripes().stream().anyMatch(s -> s.devid() == devid))
                .toList();
    }

    /** Blocks spread evenly over the device's zones, ascending: the order the device reads them. */
    private List<ExtentSnapshot> queue(long devid, List<ArrayState.Chunk> held) {
        List<ExtentSnapshot> queue = new ArrayList<>(queuedPerDevice);
        int perZone = Math.ceilDiv(queuedPerDevice, held.size());
        for (int i = 0; i < queuedPerDevice; i++) {
            ArrayState.Chunk chunk = held.get(i / perZone);
            long offset = (long) (i % perZone) * NODESIZE * 3 + random.nextInt(3) * NODESIZE;
            long physical = chunk.stripes().stream().filter(s -> s.devid() == devid).findFirst().orElseThrow()
                    .physical();
            boolean scheduled = i < 6;
            queue.add(new ExtentSnapshot(chunk.logical() + offset, physical + offset,
                    scheduled ? ExtentStatus.SCHEDULED : ExtentStatus.QUEUED, scheduled ? devid : -1,
                    1 + (random.nextInt(8) == 0 ? 1 : 0), 1_234_567 - random.nextInt(200_000)));
        }
        return queue;
    }

    /** Zones of the held chunks, the first one current; the window as the engine keeps it. */
    private DeviceSnapshot device(long devid, List<ArrayState.Chunk> held, List<ExtentSnapshot> queue) {
        List<ZoneSnapshot> zones = new ArrayList<>();
        for (ArrayState.Chunk c : held) {
            List<Long> peers = c.stripes().stream().map(ArrayState.ChunkStripe::devid).filter(p -> p != devid).toList();
            zones.add(new ZoneSnapshot(c.logical(), c.logical() + c.length() - 1, queue.size() / held.size(),
                    random.nextBoolean(), peers, zones.isEmpty()));
        }
        List<ExtentSnapshot> window = new ArrayList<>(queue.subList(0, Math.min(256, queue.size())));
        for (int i = 0; i < 16; i++) {
            ExtentSnapshot q = queue.get(random.nextInt(queue.size()));
            window.add(new ExtentSnapshot(q.logical() - NODESIZE, q.physical() - NODESIZE,
                    STATUSES[2 + random.nextInt(2)], devid, 0, q.generation()));
        }
        return new DeviceSnapshot(devid, true, false, zones, zones.get(0), queue.get(0).logical(), 6, queue.size(),
                window, new DeviceCounters(2_469_135, 2_469_135L * NODESIZE, 30_864_197_253L, 6, 250));
    }

    /** The trees of a filesystem, three finished; one failing on a dying disk (its list is full). */
    private List<ControlSnapshot> controls() {
        List<ControlSnapshot> controls = new ArrayList<>();
        for (int id = 1; id <= 10; id++) {
            List<ReadError> errors = new ArrayList<>();
            for (int e = 0; id == 5 && e < ControlSnapshot.ERRORS_KEPT; e++) {
                errors.add(new ReadError(FIRST_LOGICAL + random.nextInt(1 << 20) * (long) NODESIZE, 3,
                        "checksum mismatch: have 0x" + Integer.toHexString(random.nextInt()) + ", want 0x"
                                + Integer.toHexString(random.nextInt())));
            }
            ControlStatus status = id <= 3 ? ControlStatus.DONE : ControlStatus.RUNNING;
            controls.add(new ControlSnapshot(id, "tree " + id, FIRST_LOGICAL + id * GIB, 1_234_567, Key.MIN, Key.MAX,
                    status, status == ControlStatus.DONE ? 0 : 100_000, 987_654, 987_654L * NODESIZE, 12,
                    errors.size() * 3L, errors, errors.size(), errors.stream()
                            .map(e -> new BadCopy(e.logical(), e.devid(), 0x1000_0000L + e.logical(), e.reason()))
                            .toList()));
        }
        return controls;
    }

    private Map<Long, List<DiagnosticSnapshot.Sample>> throughput() {
        Map<Long, List<DiagnosticSnapshot.Sample>> series = new LinkedHashMap<>();
        for (long devid = 1; devid <= DEVICES; devid++) {
            List<DiagnosticSnapshot.Sample> samples = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < SAMPLES; i++) {
                bytes += random.nextInt(200) * (long) NODESIZE;
                samples.add(new DiagnosticSnapshot.Sample(i * 50_000_000L, bytes));
            }
            series.put(devid, samples);
        }
        return series;
    }

    private HeatmapSnapshot heatmap() {
        List<DeviceHeat> devices = new ArrayList<>();
        CellState[] states = CellState.values();
        for (long devid = 1; devid <= DEVICES; devid++) {
            byte[] cells = new byte[HEAT_CELLS];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(states.length) : CellState.METADATA.ordinal());
            }
            Map<CellState, Long> copies = new EnumMap<>(CellState.class);
            copies.put(CellState.QUEUED, (long) queuedPerDevice);
            copies.put(CellState.READ, 2_469_135L);
            devices.add(new DeviceHeat(devid, 8 * TIB, 8 * TIB / HEAT_CELLS, cells, copies));
        }
        return new HeatmapSnapshot(devices);
    }
}
