package btrfs.workbench.session.run;

import java.util.List;

import btrfs.workbench.readahead.state.ExtentSnapshot;

/**
 * The part of one device's queue the Extent queue view shows: {@code extents} are positions
 * {@code from}, {@code from + 1} ... of the queue in read order. Fetched with the frame, so that
 * a scrolled virtual table never makes the UI thread wait for the engine.
 */
public record QueuePage(long devid, int from, List<ExtentSnapshot> extents) {

    public static final QueuePage NONE = new QueuePage(-1, 0, List.of());

    public QueuePage {
        extents = List.copyOf(extents);
    }

    /** The extent at queue position {@code index}, or null when it is not in this page. */
    public ExtentSnapshot at(long devid, int index) {
        int i = index - from;
        return devid == this.devid && i >= 0 && i < extents.size() ? extents.get(i) : null;
    }
}
