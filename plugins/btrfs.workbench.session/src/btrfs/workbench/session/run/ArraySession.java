package btrfs.workbench.session.run;

import java.nio.file.Path;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.Stripe;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.heatmap.DeviceLayouts;
import btrfs.workbench.readahead.heatmap.HeatmapRecorder;
import btrfs.workbench.readahead.io.FilesystemTarget;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.io.ReadaheadRun;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.session.OpenArray;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.snapshot.ThroughputSeries;

/**
 * One array opened read-only for readahead with one engine: the only place engines are made.
 * Runs launched from the GUI share the session of their array and engine settings, as all
 * readaheads of a mounted filesystem share fs_info's extents, zones and per-device read order in
 * the kernel; a run with other settings gets a session of its own. The CLI opens one for its run.
 * A session is closed when its last run is closed (and, if opened with {@link #open}, its opener
 * let it go).
 */
public final class ArraySession implements AutoCloseable {

    /** Heatmap cells per device: a 256 x 256 Hilbert square at most, as the GUI draws it. */
    public static final int HEATMAP_CELLS = 65536;

    private static final List<ArraySession> SHARED = new ArrayList<>();

    /** What must agree for two runs to share a session: the array and every engine setting. */
    private record Key(Set<Path> devices, ReadaheadConfig config, IoModel io, boolean direct) {
        static Key of(RunSpec spec) {
            Set<Path> devices = spec.devices().stream().map(p -> p.toAbsolutePath().normalize())
                    .collect(Collectors.toSet());
            return new Key(devices, spec.engineConfig(), spec.io(), spec.direct());
        }
    }

    private final Key key;
    private final OpenArray array;
    private final boolean live;
    private final ReadaheadRun engine;
    private final HeatmapRecorder heat;
    private final ThroughputSeries throughput = new ThroughputSeries();
    private final Map<Long, List<BlockGroup>> metadataZones;
    private int users;

    private ArraySession(Key key, OpenArray array, boolean withHeatmap) {
        this.key = key;
        this.array = array;
        this.live = array.mounted();
        this.engine = prepare(array.filesystem(), key);
        this.heat = withHeatmap ? new HeatmapRecorder(engine.target(), DeviceLayouts.of(array.filesystem()),
                HEATMAP_CELLS) : null;
        if (heat != null) {
            engine.engine().addListener(heat);
        }
        this.metadataZones = metadataZonesOf(array.filesystem());
    }

    /**
     * The engine: on a mounted filesystem ({@code live}) blocks rewritten during the run are
     * changes, not damage.
     */
    private ReadaheadRun prepare(BtrfsFilesystem fs, Key k) {
        return ReadaheadRun.prepare(fs, k.config(), k.io(), live);
    }

    /**
     * Starts {@code spec} on the shared session of its array and engine settings, opening one
     * if there is none (the GUI's way). The run holds the session until it is closed.
     *
     * @throws SessionException when the array cannot be opened or the run cannot start
     */
    public static LiveRun launch(RunSpec spec, String toolVersion) throws SessionException {
        ArraySession session = shared(spec);
        try {
            return session.start(spec, toolVersion, List.of());
        } finally {
            session.release(); // the run holds it now, if it started
        }
    }

    private static synchronized ArraySession shared(RunSpec spec) throws SessionException {
        Key key = Key.of(spec);
        for (ArraySession session : SHARED) {
            if (session.key.equals(key)) {
                session.users++;
                return session;
            }
        }
        ArraySession session = new ArraySession(key, OpenArray.open(spec.devices(), spec.direct()), true);
        session.users = 1;
        SHARED.add(session);
        return session;
    }

    /**
     * A session of its own for {@code spec}'s array (the CLI's way), recording the heatmap only
     * when the spec's outputs need it; close it after its run.
     *
     * @throws SessionException when the array cannot be opened
     */
    public static ArraySession open(RunSpec spec) throws SessionException {
        ArraySession session = new ArraySession(Key.of(spec), OpenArray.open(spec.devices(), spec.direct()),
                spec.outputs().needHeatmap());
        session.users = 1;
        return session;
    }

    /**
     * Starts one control per tree of {@code spec} on this session's engine, with
     * {@code listeners} told of every event from the first enqueue on.
     *
     * @throws SessionException when a tree is not present or an output cannot be written
     */
    public LiveRun start(RunSpec spec, String toolVersion, List<ReadaheadListener> listeners)
            throws SessionException {
        return start(spec, toolVersion, listeners, null);
    }

    /**
     * As {@link #start(RunSpec, String, List)}, with the stream a recording to standard output
     * ({@link RunSpec.Outputs#STDOUT}) goes to: the CLI's stdout.
     */
    public LiveRun start(RunSpec spec, String toolVersion, List<ReadaheadListener> listeners,
            OutputStream standardOut) throws SessionException {
        synchronized (ArraySession.class) {
            users++;
        }
        try {
            return LiveRun.start(this, spec, toolVersion, listeners, standardOut);
        } catch (SessionException | RuntimeException e) {
            release();
            throw e;
        }
    }

    /** Shared sessions open now (tests: none is left behind). */
    static synchronized int sharedCount() {
        return SHARED.size();
    }

    /** A run or the opener is done with the session; the last one closes it. */
    void release() {
        synchronized (ArraySession.class) {
            if (--users > 0) {
                return;
            }
            SHARED.remove(this);
        }
        engine.close();
        array.close();
    }

    /**
     * Whether no other run shares the engine: then the engine's idleness is this run's. A shared
     * session's users are its runs; a session of its own has one run.
     */
    boolean alone() {
        synchronized (ArraySession.class) {
            return !SHARED.contains(this) || users <= 1;
        }
    }

    public OpenArray array() {
        return array;
    }

    /** Whether the kernel had the filesystem mounted when it was opened. */
    public boolean live() {
        return live;
    }

    public ReadaheadEngine engine() {
        return engine.engine();
    }

    /** The readahead target over the filesystem (its mirrors, block groups). */
    public FilesystemTarget target() {
        return engine.target();
    }

    ReadaheadRun readahead() {
        return engine;
    }

    /** The heatmap, or null when this session records none. */
    HeatmapRecorder heat() {
        return heat;
    }

    ThroughputSeries throughput() {
        return throughput;
    }

    List<BlockGroup> metadataZones(long devid) {
        return metadataZones.getOrDefault(devid, List.of());
    }

    /**
     * Per devid every metadata (and system) block group with a stripe on it, in logical order:
     * the zones the device can ever have, drawn to scale by the Pointers view.
     */
    private static Map<Long, List<BlockGroup>> metadataZonesOf(BtrfsFilesystem fs) {
        Map<Long, List<BlockGroup>> zones = new TreeMap<>();
        for (ChunkItem chunk : fs.chunkMap().chunks()) {
            if (!chunk.holdsTreeBlocks() || chunk.length() <= 0) {
                continue;
            }
            for (long devid : chunk.stripes().stream().map(Stripe::devid).distinct().toList()) {
                zones.computeIfAbsent(devid, k -> new ArrayList<>()).add(new BlockGroup(chunk.logical(), chunk.length()));
            }
        }
        return zones;
    }

    /** The opener lets go (CLI); the session closes once its runs are closed too. */
    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "ArraySession[" + Objects.toString(key) + ", " + users + " users]";
    }
}
