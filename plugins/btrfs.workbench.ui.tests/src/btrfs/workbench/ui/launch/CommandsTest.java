package btrfs.workbench.ui.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.commands.Command;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.keys.IBindingService;
import org.junit.jupiter.api.Test;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.session.ArrayCatalog;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.UiWait;
import btrfs.workbench.ui.views.ArraysView;

/**
 * The GUI's commands as plugin.xml contributes them: key bindings, Launch reading the array
 * catalog (also with the Arrays view closed), Stop enabled exactly while the selected run reads.
 */
class CommandsTest {

    private static final String LAUNCH = "btrfs.workbench.ui.commands.launch";
    private static final String STOP = "btrfs.workbench.ui.commands.stop";
    private static final String SAVE = "btrfs.workbench.ui.commands.saveSnapshot";

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @Test
    void launchStopAndSaveHaveTheirKeys() {
        IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
        assertEquals("Ctrl+R", bindings.getBestActiveBindingFormattedFor(LAUNCH));
        assertEquals("Ctrl+F2", bindings.getBestActiveBindingFormattedFor(STOP));
        assertEquals("Ctrl+S", bindings.getBestActiveBindingFormattedFor(SAVE));
    }

    /** The launch dialog offers the catalog's arrays when the view that scanned them is closed. */
    @Test
    void launchListsTheArraysWithTheArraysViewClosed() throws Exception {
        Launches.scanned(TestArrays.arraysDir());
        List<String> expected = ArrayCatalog.workbench().launchable().stream().map(a -> a.fsid().toString()).toList();
        assertFalse(expected.isEmpty());
        page().hideView(page().findView(ArraysView.ID));
        assertNull(page().findView(ArraysView.ID), "the Arrays view is closed");

        AtomicReference<List<String>> offered = new AtomicReference<>();
        Display display = PlatformUI.getWorkbench().getDisplay();
        display.timerExec(500, () -> inspectAndCancel(display, offered));
        try {
            PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(LAUNCH, null);
        } finally {
            page().showView(ArraysView.ID);
        }
        assertEquals(expected.size(), offered.get().size(), offered.get()::toString);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(offered.get().get(i).contains(expected.get(i)), offered.get().get(i));
        }
    }

    /** In the dialog's own event loop: what its Array combo offers, a screenshot, then Cancel. */
    private static void inspectAndCancel(Display display, AtomicReference<List<String>> offered) {
        Shell shell = display.getActiveShell();
        if (shell == null || !(shell.getData() instanceof LaunchReadaheadDialog dialog)) {
            display.timerExec(200, () -> inspectAndCancel(display, offered));
            return;
        }
        offered.set(new ArrayList<>(Arrays.asList(dialog.arrayCombo().getItems())));
        try {
            Screenshots.save(shell, "launch-arrays-view-closed.png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dialog.close();
    }

    @Test
    void stopIsEnabledWhileTheSelectedRunReadsAndStopsIt() throws Exception {
        BtrfsArray array = Launches.scanned(TestArrays.named("raid1-blake2-16k").dir());
        Command stop = PlatformUI.getWorkbench().getService(ICommandService.class).getCommand(STOP);
        RunJob job = Launches.launch(array, Launches.allTrees(array, new IoModel(Duration.ofMillis(50), 0, false)));
        UiWait.until("run selected", () -> job.live() != null && RunRegistry.get().selected() == job.live());
        UiWait.until("Stop enabled", stop::isEnabled);
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(STOP, null);
        UiWait.until("stopped", () -> job.getResult() != null && job.live().isFinished());
        UiWait.until("Stop disabled", () -> !stop.isEnabled());
        assertTrue(job.live().frame().controls().stream().allMatch(c -> c.finished()));
    }
}
