package btrfs.workbench.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import btrfs.workbench.ui.live.HeatmapView;
import btrfs.workbench.ui.live.PointersView;
import btrfs.workbench.ui.live.QueueView;
import btrfs.workbench.ui.live.RunsView;
import btrfs.workbench.ui.live.ZonesView;
import btrfs.workbench.ui.replay.ReplayView;
import btrfs.workbench.ui.views.ArraysView;

/**
 * Left: Arrays and Runs, with Progress (Jobs with cancel) and the Error Log below. Right: the live
 * views of the selected run — Pointers above Heatmap / Zones / Extent queue.
 */
public class Perspective implements IPerspectiveFactory {

    public static final String ID = "btrfs.workbench.ui.perspective";
    private static final String ERROR_LOG = "org.eclipse.pde.runtime.LogView";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        String editorArea = layout.getEditorArea();
        layout.addView(ArraysView.ID, IPageLayout.LEFT, 0.40f, editorArea);
        layout.addView(PointersView.ID, IPageLayout.RIGHT, 0.40f, ArraysView.ID);
        IFolderLayout details = layout.createFolder("details", IPageLayout.BOTTOM, 0.38f, PointersView.ID);
        details.addView(HeatmapView.ID);
        details.addView(ZonesView.ID);
        details.addView(QueueView.ID);
        layout.addView(RunsView.ID, IPageLayout.BOTTOM, 0.42f, ArraysView.ID);
        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.60f, RunsView.ID);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);
        bottom.addView(ERROR_LOG);
        bottom.addPlaceholder(ReplayView.ID); // shown when a recording is opened
    }
}
