package btrfs.workbench.ui.live;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ViewerCell;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Item;

/**
 * A column's labels for rows that are updated many times a second: they touch the widget only
 * where the cell changes. No images.
 * <p>
 * Why: JFace's {@link ColumnLabelProvider#update} sets text, font and both colours of every cell
 * it updates. SWT on GTK skips a text, font or colour equal to the cell's, but not a null colour
 * (the default): it stores that in the GTK model again each time, the model emits row-changed, and
 * GtkTreeView then measures the whole row again (a Pango layout per cell). At 20 frames a second
 * over the Runs, Zones and Extent queue rows this was most of the UI thread's work for a frame.
 * So a default colour is only stored where this provider had set another one before.
 */
abstract class LiveLabels extends ColumnLabelProvider {

    /** Per item: which cells' colours this provider set (2 per column: foreground, background). */
    private static final String COLOURED = LiveLabels.class.getName() + ".coloured";

    @Override
    public void update(ViewerCell cell) {
        Object element = cell.getElement();
        cell.setText(getText(element)); // SWT skips an equal text
        cell.setFont(getFont(element)); // and a null font over a null font
        colour(cell, getForeground(element), 0);
        colour(cell, getBackground(element), 1);
    }

    private static void colour(ViewerCell cell, Color colour, int which) {
        Item item = (Item) cell.getItem();
        int slot = 2 * cell.getColumnIndex() + which;
        boolean[] coloured = (boolean[]) item.getData(COLOURED);
        boolean wasColoured = coloured != null && slot < coloured.length && coloured[slot];
        if (colour == null && !wasColoured) {
            return; // the default stays the default without a store (a cleared virtual row is at the default too)
        }
        if (which == 0) {
            cell.setForeground(colour);
        } else {
            cell.setBackground(colour);
        }
        if (coloured == null || slot >= coloured.length) {
            boolean[] grown = new boolean[2 * Math.max(cell.getViewerRow().getColumnCount(), cell.getColumnIndex() + 1)];
            if (coloured != null) {
                System.arraycopy(coloured, 0, grown, 0, coloured.length);
            }
            coloured = grown;
            item.setData(COLOURED, coloured);
        }
        coloured[slot] = colour != null;
    }
}
