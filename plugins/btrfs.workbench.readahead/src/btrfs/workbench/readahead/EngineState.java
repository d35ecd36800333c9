package btrfs.workbench.readahead;

import java.util.List;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;

/**
 * What a strategy's bookkeeping holds, for snapshots, the engine's idleness and tests — and its
 * forgetting after an abort. Called with the engine lock held.
 */
interface EngineState {

    /** One device's zones, pointer and queue. */
    DeviceSnapshot device(Dev dev);

    /** {@code count} of the device's extents in read order, from position {@code from}. */
    List<ExtentSnapshot> queuePage(Dev dev, int from, int count);

    /** Extents queued or being read. */
    long queuedExtents();

    /** Zones allocated (none for strategies without zones). */
    default long zonesAlive() {
        return 0;
    }

    /** Nothing queued, in flight or allocated. */
    boolean empty();

    /** After an abort, no step running: forget every extent, zone and read. */
    void dropAll();

    /** Internal consistency problems, empty if none. */
    List<String> check();
}
