package btrfs.workbench.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import btrfs.workbench.ui.views.ArraysView;

/** Arrays on top; Progress (Jobs with cancel) and the Error Log below. */
public class Perspective implements IPerspectiveFactory {

    public static final String ID = "btrfs.workbench.ui.perspective";
    private static final String ERROR_LOG = "org.eclipse.pde.runtime.LogView";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        String editorArea = layout.getEditorArea();
        layout.addView(ArraysView.ID, IPageLayout.TOP, 0.78f, editorArea);
        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.78f, ArraysView.ID);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);
        bottom.addView(ERROR_LOG);
    }
}
