package btrfs.workbench.ui.replay;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.ui.part.ViewPart;

import btrfs.workbench.session.run.ReplayRun;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.run.RunRegistry;

/**
 * Drives the replay of the selected recording: play / pause, 1x / 4x / 16x the recorded pace, and
 * a slider over its frames with the engine time of the one shown. The live views show the frame.
 */
public final class ReplayView extends ViewPart implements RunRegistry.Listener {

    public static final String ID = "btrfs.workbench.ui.views.replay";

    private Composite root;
    private Button play;
    private Button[] speeds;
    private Scale slider;
    private Label position;

    @Override
    public void createPartControl(Composite parent) {
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(2 + ReplayRun.SPEEDS.size(), false));
        play = new Button(root, SWT.PUSH);
        play.setText(Messages.ReplayView_play);
        play.addListener(SWT.Selection, e -> withReplay(r -> {
            if (r.isPlaying()) {
                r.pause();
            } else {
                r.play();
            }
        }));
        speeds = new Button[ReplayRun.SPEEDS.size()];
        for (int i = 0; i < speeds.length; i++) {
            int speed = ReplayRun.SPEEDS.get(i);
            speeds[i] = new Button(root, SWT.RADIO);
            speeds[i].setText(speed + "\u00d7");
            speeds[i].addListener(SWT.Selection, e -> withReplay(r -> r.setSpeed(speed)));
        }
        position = new Label(root, SWT.NONE);
        position.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        slider = new Scale(root, SWT.HORIZONTAL);
        slider.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2 + speeds.length, 1));
        slider.addListener(SWT.Selection, e -> withReplay(r -> r.seek(slider.getSelection())));
        RunRegistry.get().addListener(this);
        changed();
    }

    private interface ReplayAction {
        void on(ReplayRun replay);
    }

    private static void withReplay(ReplayAction action) {
        if (RunRegistry.get().selected() instanceof ReplayRun replay) {
            action.on(replay);
        }
    }

    /** The selected replay, or null. */
    public static ReplayRun selectedReplay() {
        RunSource run = RunRegistry.get().selected();
        return run instanceof ReplayRun replay ? replay : null;
    }

    @Override
    public void changed() {
        if (root == null || root.isDisposed()) {
            return;
        }
        ReplayRun replay = selectedReplay();
        boolean enabled = replay != null;
        play.setEnabled(enabled);
        slider.setEnabled(enabled);
        for (int i = 0; i < speeds.length; i++) {
            speeds[i].setEnabled(enabled);
            speeds[i].setSelection(enabled && replay.speed() == ReplayRun.SPEEDS.get(i));
        }
        if (!enabled) {
            play.setText(Messages.ReplayView_play);
            position.setText(Messages.ReplayView_noReplay);
            return;
        }
        int last = replay.frameCount() - 1;
        int index = replay.index();
        play.setText(replay.isPlaying() ? Messages.ReplayView_pause : Messages.ReplayView_play);
        slider.setMaximum(Math.max(1, last));
        slider.setPageIncrement(Math.max(1, last / 10));
        if (slider.getSelection() != index) {
            slider.setSelection(index);
        }
        position.setText(NLS.bind(Messages.ReplayView_position, new Object[] { seconds(replay, index),
                seconds(replay, last), index + 1, last + 1,
                replay.recording().truncated() ? Messages.ReplayView_cutShort : "" }));
        root.layout(new Control[] { position });
    }

    /** A frame's engine time in seconds, as shown: two decimals. */
    private static String seconds(ReplayRun replay, int frame) {
        return String.format("%.2f", replay.recording().frameTime(frame) / 1e9);
    }

    /** True if {@code control} is one of this view's widgets (tests find them). */
    public boolean owns(Control control) {
        for (Control c = control; c != null; c = c.getParent()) {
            if (c == root) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void setFocus() {
        play.setFocus();
    }

    @Override
    public void dispose() {
        RunRegistry.get().removeListener(this);
        super.dispose();
    }
}
