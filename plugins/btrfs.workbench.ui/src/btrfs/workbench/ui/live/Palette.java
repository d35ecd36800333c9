package btrfs.workbench.ui.live;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;

import btrfs.workbench.readahead.state.ExtentStatus;

/**
 * The colours every live view uses for the same meaning, so that a queued block looks the same
 * in the queue, on the pointer strip and in the heatmap. SWT colours need no disposal.
 */
final class Palette {

    static final RGB CURRENT = new RGB(255, 244, 200);
    static final RGB ZONE = new RGB(214, 224, 240);
    static final RGB LOCKED_ZONE = new RGB(200, 200, 200);
    static final RGB POINTER = new RGB(200, 30, 30);
    static final RGB QUEUED = new RGB(70, 110, 200);
    static final RGB IN_FLIGHT = new RGB(240, 150, 0);
    static final RGB READ = new RGB(60, 170, 80);
    static final RGB FAILED = new RGB(210, 30, 30);
    static final RGB SKIPPED = new RGB(160, 90, 200);
    static final RGB METADATA = new RGB(225, 225, 225);
    static final RGB UNUSED = new RGB(250, 250, 250);

    private Palette() {
    }

    static Color color(Display display, RGB rgb) {
        return new Color(display, rgb);
    }

    static Color current(Display display) {
        return color(display, CURRENT);
    }

    static RGB of(ExtentStatus status) {
        return switch (status) {
            case QUEUED -> QUEUED;
            case SCHEDULED -> IN_FLIGHT;
            case DONE -> READ;
            case FAILED -> FAILED;
        };
    }
}
