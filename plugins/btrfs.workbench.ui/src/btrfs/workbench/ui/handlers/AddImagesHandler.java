package btrfs.workbench.ui.handlers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.handlers.HandlerUtil;

import btrfs.workbench.session.ArrayCatalog;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.views.ArrayScanJob;

/** Add image files... (Arrays view): btrfs images, compressed ones too, added to what is scanned. */
public final class AddImagesHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        FileDialog dialog = new FileDialog(HandlerUtil.getActiveShell(event), SWT.OPEN | SWT.MULTI);
        dialog.setText(Messages.AddImagesHandler_title);
        dialog.setFilterExtensions(new String[] { "*.img;*.zst;*.raw;*.bin", "*" });
        dialog.setFilterNames(new String[] { Messages.AddImagesHandler_images, Messages.Common_allFiles });
        if (dialog.open() == null) {
            return null;
        }
        List<Path> chosen = new ArrayList<>();
        for (String name : dialog.getFileNames()) {
            chosen.add(Path.of(dialog.getFilterPath(), name));
        }
        ArrayCatalog.workbench().addImages(chosen);
        return ArrayScanJob.start();
    }
}
