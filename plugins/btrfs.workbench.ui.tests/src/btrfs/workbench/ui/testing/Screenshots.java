package btrfs.workbench.ui.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;

import btrfs.workbench.testsupport.TestArrays;

/** PNG screenshots of the workbench window or of one view under {@code target/screenshots/}, for people to look at. */
public final class Screenshots {

    private Screenshots() {
    }

    public static Path save(Shell shell, String name) throws IOException {
        shell.forceActive();
        return save((Control) shell, name);
    }

    /** What {@code control} shows now, as {@code name} (a PNG file name). */
    public static Path save(Control control, String name) throws IOException {
        Path dir = Files.createDirectories(TestArrays.workDir().resolve("screenshots"));
        Path file = dir.resolve(name);
        control.redraw();
        control.update();
        // GTK paints on its frame clock, not at once: a few frames, every pending paint done,
        // before the pixels are copied (else a change just made may not show yet)
        UiWait.pump(Duration.ofMillis(100));
        Point size = control.getSize();
        Image image = new Image(control.getDisplay(), Math.max(1, size.x), Math.max(1, size.y));
        GC gc = new GC(control);
        try {
            gc.copyArea(image, 0, 0);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
        return file;
    }
}
