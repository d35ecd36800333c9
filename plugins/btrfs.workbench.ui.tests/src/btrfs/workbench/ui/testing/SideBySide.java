package btrfs.workbench.ui.testing;

import java.util.List;

import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.basic.MPartSashContainerElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.model.application.ui.basic.MStackElement;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;

/**
 * Puts views that the perspective stacks in one folder (where only the one in front paints) next
 * to each other, each in a stack of its own, so that all of them are on screen at once.
 */
public final class SideBySide {

    private SideBySide() {
    }

    /**
     * Shows {@code ids}: the first where the perspective has it, each following one in a new stack
     * to the right of the previous one's.
     */
    public static void show(IWorkbenchPage page, List<String> ids) throws PartInitException {
        IWorkbenchWindow window = page.getWorkbenchWindow();
        EModelService models = window.getService(EModelService.class);
        MPerspective perspective = models.getActivePerspective(window.getService(MWindow.class));
        for (String id : ids) {
            page.showView(id);
        }
        MPartSashContainerElement previous = null;
        for (String id : ids) {
            MUIElement view = models.find(id, perspective);
            if (previous != null && view instanceof MStackElement element) {
                MPartStack stack = models.createModelElement(MPartStack.class);
                models.move(element, stack);
                stack.setSelectedElement(element);
                models.insert(stack, previous, EModelService.RIGHT_OF, 0.5f);
            }
            previous = (MPartSashContainerElement) view.getParent();
        }
        for (String id : ids) {
            page.showView(id);
        }
    }
}
