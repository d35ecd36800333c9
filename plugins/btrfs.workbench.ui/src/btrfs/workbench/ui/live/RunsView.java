package btrfs.workbench.ui.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Listener;

import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;
import btrfs.workbench.session.run.RunFrame;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.run.RunRegistry;

/**
 * Every control of every run of the session: tree, range, state, blocks, bytes, skips, errors,
 * bad copies (read from another mirror, or differing in a scrub), elapsed, throughput; below, the
 * selected run's throughput over time per device. Selecting a row selects its run in the other
 * views. Finished runs keep their final numbers.
 */
public final class RunsView extends RunView {

    public static final String ID = "btrfs.workbench.ui.views.runs";

    /**
     * One control of one run, as a row: the same row from frame to frame, so that a new frame
     * only updates the labels instead of rebuilding the table.
     */
    record Row(RunSource run, int index) {
    }

    enum Column {
        RUN(Messages.RunsView_columnArray, 170), TREE(Messages.RunsView_columnTree, 120),
        RANGE(Messages.RunsView_columnRange, 150), STATE(Messages.RunsView_columnState, 90),
        BLOCKS(Messages.RunsView_columnBlocks, 70), BYTES(Messages.RunsView_columnBytes, 90),
        SKIPS(Messages.RunsView_columnSkips, 75), ERRORS(Messages.RunsView_columnErrors, 60),
        BAD_COPIES(Messages.RunsView_columnBadCopies, 90), ELAPSED(Messages.RunsView_columnElapsed, 70),
        THROUGHPUT(Messages.RunsView_columnThroughput, 100);

        final String title;
        final int width;

        Column(String title, int width) {
            this.title = title;
            this.width = width;
        }
    }

    private SashForm sash;
    private TableViewer table;
    private ThroughputChart chart;
    private List<Row> rows = List.of();
    /** The frame of each run the labels show, taken together in {@link #show}. */
    private Map<RunSource, RunFrame> frames = Map.of();

    @Override
    protected void create(Composite parent) {
        sash = new SashForm(parent, SWT.VERTICAL);
        table = new TableViewer(sash, SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        table.getTable().setHeaderVisible(true);
        table.getTable().setLinesVisible(true);
        table.setContentProvider(ArrayContentProvider.getInstance());
        for (Column c : Column.values()) {
            TableViewerColumn column = new TableViewerColumn(table, SWT.LEFT);
            column.getColumn().setText(c.title);
            column.getColumn().setWidth(c.width);
            column.setLabelProvider(new LiveLabels() {
                @Override
                public String getText(Object element) {
                    Row row = (Row) element;
                    return text(c, row, frames.get(row.run()));
                }
            });
        }
        // the user's clicks and keys only: GTK also reports (late) selections when new rows
        // replace old ones, and those must not switch the run every view follows
        Listener userSelects = e -> {
            if (table.getStructuredSelection().getFirstElement() instanceof Row row) {
                RunRegistry.get().select(row.run());
            }
        };
        table.getTable().addListener(SWT.MouseUp, userSelects);
        table.getTable().addListener(SWT.KeyUp, userSelects);
        chart = new ThroughputChart(sash);
        sash.setWeights(55, 45);
    }

    @Override
    protected int framePhase() {
        return 1; // with the other table, on the frames the queue skips
    }

    @Override
    protected Control control() {
        return sash;
    }

    @Override
    protected void show(RunSource selected, RunFrame frame) {
        Map<RunSource, RunFrame> now = new HashMap<>();
        List<Row> current = new ArrayList<>();
        for (RunSource run : RunRegistry.get().runs()) {
            RunFrame f = run.frame();
            now.put(run, f);
            for (int i = 0; i < f.controls().size(); i++) {
                current.add(new Row(run, i));
            }
        }
        Map<RunSource, RunFrame> before = frames;
        frames = now;
        if (current.equals(rows)) {
            // only the rows of runs with a new frame: finished runs cost nothing per frame
            Object[] changed = current.stream().filter(r -> before.get(r.run()) != now.get(r.run())).toArray();
            if (changed.length > 0) {
                table.update(changed, null);
            }
        } else {
            rows = current;
            table.setInput(current);
        }
        chart.show(frame);
    }

    /** The control a row shows, as of the frame on screen. */
    ControlSnapshot control(Row row) {
        return frames.get(row.run()).controls().get(row.index());
    }

    TableViewer table() {
        return table;
    }

    static String text(Column c, Row row, RunFrame frame) {
        ControlSnapshot s = frame.controls().get(row.index());
        double seconds = frame.elapsedNanos() / 1e9;
        return switch (c) {
            case RUN -> row.run().arrayName();
            case TREE -> s.label();
            case RANGE -> s.start().equals(Key.MIN) && s.end().equals(Key.MAX) ? Messages.RunsView_wholeTree
                    : s.start().toArgument() + " .. " + s.end().toArgument();
            case STATE -> state(s.status());
            case BLOCKS -> Long.toString(s.blocks());
            case BYTES -> PrettySize.format(s.bytes());
            case SKIPS -> Long.toString(s.generationSkips());
            case ERRORS -> Long.toString(s.errors());
            case BAD_COPIES -> Long.toString(s.badCopies());
            case ELAPSED -> NLS.bind(Messages.Common_seconds, String.format("%.2f", seconds));
            case THROUGHPUT -> seconds <= 0 ? ""
                    : NLS.bind(Messages.Common_perSecond, PrettySize.format((long) (s.bytes() / seconds)));
        };
    }

    /** A control's state as the State column names it. */
    static String state(ControlStatus status) {
        return switch (status) {
            case RUNNING -> Messages.RunsView_running;
            case CANCELLING -> Messages.RunsView_cancelling;
            case DONE -> Messages.RunsView_done;
            case CANCELLED -> Messages.RunsView_cancelled;
        };
    }
}
