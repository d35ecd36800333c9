package btrfs.workbench.ui.live;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.part.ViewPart;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.session.run.RunFrame;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.run.RunRegistry;

/**
 * A live view of the selected run: redrawn from the run's newest {@link RunFrame} whenever the
 * frame pump has a new one (at most 20 times a second) or the selection changes. It only reads
 * frames, never the engine, so the UI thread never waits for it.
 */
public abstract class RunView extends ViewPart implements RunRegistry.Listener {

    private String baseName;

    @Override
    public final void createPartControl(Composite parent) {
        baseName = getPartName();
        create(parent);
        RunRegistry.get().addListener(this);
        // a view behind another in its folder skips frames; it catches up when brought to front
        // (the part becoming visible: SWT.Show reaches the part's top composite, not the control)
        getSite().getPage().addPartListener(catchUp);
        changed();
    }

    /** Builds the widgets. */
    protected abstract void create(Composite parent);

    /** The main control (for focus and disposal checks). */
    protected abstract Control control();

    /** Shows {@code frame} of {@code run}; both null when there is no run yet. */
    protected abstract void show(RunSource run, RunFrame frame);

    private RunFrame shown;
    private RunSource shownRun;
    private long shownDevice = -1;
    private long shownZone = -1;

    /**
     * Which of the pump's frames this view shows: all (-1), or every second one, the even (0) or
     * the odd (1) ones. Tables cost GTK a new measurement and drawing of every row that changed;
     * the table views take turns, so that no frame carries all of them and the UI thread is never
     * busy with one frame for long (their numbers still change 10 times a second). A run's last
     * frame, another run and another selection are shown at once whatever the phase.
     */
    protected int framePhase() {
        return -1;
    }

    private final IPartListener2 catchUp = new IPartListener2() {
        @Override
        public void partVisible(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == RunView.this && !control().isDisposed()) {
                // told before the widgets are shown: catch up once they are
                control().getDisplay().asyncExec(RunView.this::changed);
            }
        }
    };

    @Override
    public final void changed() {
        if (control() == null || control().isDisposed() || !control().isVisible()) {
            return;
        }
        RunRegistry registry = RunRegistry.get();
        RunSource run = registry.selected();
        RunFrame next = run == null ? null : run.frame();
        // only a live run's frames take turns: a snapshot's or replay's frame may be the last one
        // the view is told of (a view catching up when brought to front must not skip it)
        if (framePhase() >= 0 && next != null && !next.finished() && run == shownRun && shown != null
                && run.offlineMark() == null && registry.selectedDevice() == shownDevice
                && registry.selectedZone() == shownZone && registry.frames() % 2 != framePhase()) {
            return;
        }
        shownRun = run;
        shownDevice = registry.selectedDevice();
        shownZone = registry.selectedZone();
        shown = next;
        // a snapshot or replay is marked as one in every view's tab
        String mark = run == null ? null : run.offlineMark();
        String name = mark == null ? baseName : baseName + " (" + mark + ")";
        if (!name.equals(getPartName())) {
            setPartName(name);
        }
        show(run, shown);
    }

    /** The frame the widgets show now (tests compare the two). */
    public RunFrame shownFrame() {
        return shown;
    }

    /** The device the user selected in any view, else the run's first device; null without devices. */
    protected static DeviceSnapshot selectedDevice(RunFrame frame) {
        if (frame == null || frame.engine().devices().isEmpty()) {
            return null;
        }
        DeviceSnapshot chosen = frame.device(RunRegistry.get().selectedDevice());
        return chosen != null ? chosen : frame.engine().devices().get(0);
    }

    @Override
    public void dispose() {
        getSite().getPage().removePartListener(catchUp);
        RunRegistry.get().removeListener(this);
        super.dispose();
    }

    @Override
    public void setFocus() {
        control().setFocus();
    }
}
