package btrfs.workbench.ui.views;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Display;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.Unreadable;

/** Text from {@link ArrayColumn}; errors in red, incomplete arrays in dark yellow. */
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
    public Color getForeground(Object element) {
        if (element instanceof Unreadable) {
            return Display.getCurrent().getSystemColor(SWT.COLOR_DARK_RED);
        }
        if (element instanceof BtrfsArray array && (!array.complete() || !array.warnings().isEmpty())) {
            return Display.getCurrent().getSystemColor(SWT.COLOR_DARK_YELLOW);
        }
        return null;
    }
}
