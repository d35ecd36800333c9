package btrfs.workbench.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;

import btrfs.workbench.ui.views.ArrayScanJob;

/** Refresh (Arrays view): scans the devices and images again, as a Job with progress and cancel. */
public final class RefreshArraysHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        return ArrayScanJob.start();
    }
}
