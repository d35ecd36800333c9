package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import btrfs.workbench.readahead.state.DeviceCounters;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;
import btrfs.workbench.readahead.state.ZoneSnapshot;
import btrfs.workbench.session.run.QueuePage;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.testing.UiWait;

/** The extent queue with 100 000 queued extents: virtual rows, filled from the page the pump fetched. */
class QueueViewTest {

    static final int QUEUED = 100_000;

    static DeviceSnapshot device() {
        ZoneSnapshot zone = new ZoneSnapshot(1L << 30, (1L << 30) + (4L << 30) - 1, QUEUED, false, List.of(2L), true);
        return new DeviceSnapshot(1, true, false, List.of(zone), zone, 1L << 30, 6, QUEUED, List.of(),
                new DeviceCounters(0, 0, 0, 6, 0));
    }

    static QueuePage page(int from, int count) {
        List<ExtentSnapshot> extents = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            long logical = (1L << 30) + i * 16384L;
            extents.add(new ExtentSnapshot(logical, logical - 4096, i < 6 ? ExtentStatus.SCHEDULED : ExtentStatus.QUEUED,
                    i < 6 ? 1 : -1, 1, 7));
        }
        return new QueuePage(1, from, extents);
    }

    @Test
    void aHundredThousandQueuedExtentsAreVirtualRows() throws Exception {
        QueueView view = (QueueView) PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage()
                .showView(QueueView.ID);
        Table table = view.viewer().getTable();
        // no run selected (an earlier test may have left one), the view settled and deaf to the
        // registry while this test feeds it rows by hand
        RunRegistry.get().select(null);
        UiWait.until("view settled", () -> true);
        RunRegistry.get().removeListener(view);
        try {
            scrollThroughAHundredThousandRows(view, table);
        } finally {
            RunRegistry.get().addListener(view);
        }
    }

    private static void scrollThroughAHundredThousandRows(QueueView view, Table table) {
        view.showQueue(device(), page(0, 200));
        UiWait.until("rows shown", () -> table.getItemCount() == QUEUED);
        assertEquals(Long.toString(1L << 30), table.getItem(0).getText(QueueView.Column.LOGICAL.ordinal()));
        assertEquals("in flight", table.getItem(0).getText(QueueView.Column.STATE.ordinal()));
        assertEquals("7", table.getItem(10).getText(QueueView.Column.GENERATION.ordinal()));

        // scrolled far down: the row waits for its page ("..."), then shows it
        table.setTopIndex(50_000);
        assertEquals("...", table.getItem(50_000).getText(QueueView.Column.LOGICAL.ordinal()));
        view.showQueue(device(), page(49_950, 200));
        UiWait.until("page shown", () -> !table.getItem(50_000).getText(QueueView.Column.LOGICAL.ordinal())
                .equals("..."));
        assertEquals(Long.toString((1L << 30) + 50_000 * 16384L),
                table.getItem(50_000).getText(QueueView.Column.LOGICAL.ordinal()));
        assertTrue(table.getTopIndex() > 49_000, "stays where the user scrolled");
    }
}
