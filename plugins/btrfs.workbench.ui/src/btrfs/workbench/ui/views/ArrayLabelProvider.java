package btrfs.workbench.ui.views;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.Unreadable;
import btrfs.workbench.session.MissingDevice;
import btrfs.workbench.session.remote.ServerCatalog.Connected;
import btrfs.workbench.session.remote.ServerCatalog.RemoteArray;

/**
 * Text from {@link ArrayColumn}; errors (unreadable paths, missing devices) in red with an error
 * icon, arrays with warnings in dark yellow with a warning icon.
 */
final class ArrayLabelProvider extends ColumnLabelProvider {

    private final ArrayColumn column;

    ArrayLabelProvider(ArrayColumn column) {
        this.column = column;
    }

    @Override
    public String getText(Object element) {
        return column.text(element);
    }

    @Override
    public Image getImage(Object element) {
        if (column != ArrayColumn.NAME) {
            return null;
        }
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        return switch (element) {
            case Unreadable u -> images.getImage(ISharedImages.IMG_OBJS_ERROR_TSK);
            case MissingDevice m -> images.getImage(ISharedImages.IMG_OBJS_ERROR_TSK);
            case BtrfsArray a when hasWarnings(a) -> images.getImage(ISharedImages.IMG_OBJS_WARN_TSK);
            case BtrfsArray a -> images.getImage(ISharedImages.IMG_OBJ_FOLDER);
            case RemoteArray r when hasWarnings(r.array()) -> images.getImage(ISharedImages.IMG_OBJS_WARN_TSK);
            case RemoteArray r -> images.getImage(ISharedImages.IMG_OBJ_FOLDER);
            case Connected c -> images.getImage(ISharedImages.IMG_OBJ_ELEMENT);
            default -> images.getImage(ISharedImages.IMG_OBJ_FILE);
        };
    }

    @Override
    public Color getForeground(Object element) {
        if (element instanceof Unreadable || element instanceof MissingDevice) {
            return Display.getCurrent().getSystemColor(SWT.COLOR_DARK_RED);
        }
        BtrfsArray shown = element instanceof RemoteArray r ? r.array() : element instanceof BtrfsArray a ? a : null;
        if (shown != null && hasWarnings(shown)) {
            return Display.getCurrent().getSystemColor(SWT.COLOR_DARK_YELLOW);
        }
        return null;
    }

    private static boolean hasWarnings(BtrfsArray array) {
        return !array.complete() || !array.warnings().isEmpty();
    }
}
