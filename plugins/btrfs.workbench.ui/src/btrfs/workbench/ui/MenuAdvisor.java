package btrfs.workbench.ui;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.ICoolBarManager;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.ToolBarContributionItem;
import org.eclipse.jface.action.ToolBarManager;
import org.eclipse.swt.SWT;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

import btrfs.workbench.ui.launch.LaunchReadaheadAction;
import btrfs.workbench.ui.snapshot.SnapshotActions;

/** File, Readahead, Window and Help menus and the main toolbar; views contribute their own actions. */
public class MenuAdvisor extends ActionBarAdvisor {

    public MenuAdvisor(IActionBarConfigurer configurer) {
        super(configurer);
    }

    private LaunchReadaheadAction launch;
    private IAction openSnapshot;
    private IAction saveSnapshot;

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        launch = new LaunchReadaheadAction(window);
        register(launch);
        openSnapshot = SnapshotActions.open(window);
        register(openSnapshot);
        saveSnapshot = SnapshotActions.save(window);
        register(saveSnapshot);
        register(ActionFactory.QUIT.create(window));
        register(ActionFactory.PREFERENCES.create(window));
        register(ActionFactory.ABOUT.create(window));
    }

    @Override
    protected void fillCoolBar(ICoolBarManager coolBar) {
        IToolBarManager toolbar = new ToolBarManager(SWT.FLAT | SWT.RIGHT);
        toolbar.add(launch);
        coolBar.add(new ToolBarContributionItem(toolbar, "btrfs.workbench.ui.toolbar.main"));
    }

    @Override
    protected void fillMenuBar(IMenuManager menuBar) {
        IWorkbenchWindow window = getActionBarConfigurer().getWindowConfigurer().getWindow();
        MenuManager file = new MenuManager("&File", IWorkbenchActionConstants.M_FILE);
        file.add(new GroupMarker(IWorkbenchActionConstants.FILE_START));
        file.add(openSnapshot);
        file.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        file.add(getAction(ActionFactory.QUIT.getId()));
        MenuManager windowMenu = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
        MenuManager showView = new MenuManager("Show &View");
        showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(window));
        windowMenu.add(showView);
        windowMenu.add(getAction(ActionFactory.PREFERENCES.getId()));
        MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
        help.add(getAction(ActionFactory.ABOUT.getId()));
        MenuManager readahead = new MenuManager("&Readahead", "btrfs.workbench.ui.menu.readahead");
        readahead.add(launch);
        readahead.add(saveSnapshot);
        menuBar.add(file);
        menuBar.add(readahead);
        menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        menuBar.add(windowMenu);
        menuBar.add(help);
    }
}
