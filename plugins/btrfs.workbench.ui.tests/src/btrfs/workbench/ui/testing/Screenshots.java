package btrfs.workbench.ui.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;

import btrfs.workbench.testsupport.TestArrays;

/** PNG screenshots of the workbench window under {@code target/screenshots/}, for people to look at. */
public final class Screenshots {

    private Screenshots() {
    }

    public static Path save(Shell shell, String name) throws IOException {
        Path dir = Files.createDirectories(TestArrays.workDir().resolve("screenshots"));
        Path file = dir.resolve(name);
        shell.forceActive();
        shell.redraw();
        shell.update();
        Rectangle area = shell.getBounds();
        Image image = new Image(shell.getDisplay(), area.width, area.height);
        GC gc = new GC(shell);
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
