package btrfs.workbench.ui;

import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.run.RunRegistry;

/** The main window: title, size, status line with the progress indicator. */
public class WindowAdvisor extends WorkbenchWindowAdvisor {

    public static final String TITLE = Messages.WindowAdvisor_title;

    public WindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        super(configurer);
    }

    @Override
    public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer configurer) {
        return new MenuAdvisor(configurer);
    }

    @Override
    public void preWindowOpen() {
        IWorkbenchWindowConfigurer configurer = getWindowConfigurer();
        configurer.setInitialSize(new Point(1400, 860));
        configurer.setShowCoolBar(true);
        configurer.setShowStatusLine(true);
        configurer.setShowProgressIndicator(true);
        configurer.setTitle(TITLE);
    }

    /** The title names the run the views show, so that a snapshot or replay is never taken for live. */
    @Override
    public void postWindowOpen() {
        RunRegistry.Listener title = () -> {
            RunSource run = RunRegistry.get().selected();
            String text = run == null ? TITLE : TITLE + " - " + run.label();
            if (!text.equals(getWindowConfigurer().getTitle())) {
                getWindowConfigurer().setTitle(text);
            }
        };
        RunRegistry.get().addListener(title);
        getWindowConfigurer().getWindow().getShell().addDisposeListener(e -> RunRegistry.get().removeListener(title));
    }
}
