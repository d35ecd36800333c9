package btrfs.workbench.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.session.ArrayCatalog;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.SuperblockEdits;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TestDevice;
import btrfs.workbench.ui.WindowAdvisor;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.UiWait;

/** The Arrays view in the running workbench, on the committed kernel-written arrays. */
class ArraysViewTest {

    @TempDir
    Path scratch;

    private static ArraysView showView() throws PartInitException {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        return (ArraysView) page.showView(ArraysView.ID);
    }

    private static void scanAndWait(ArraysView view, List<Path> targets) {
        ArrayCatalog.workbench().setTargets(targets);
        Job job = view.rescan();
        UiWait.until("scan finished and shown", () -> job.getResult() != null
                && view.viewer().getInput() == view.result());
    }

    @Test
    void listsEveryCommittedArrayWithItsDevicesAndBadImagesAsErrors() throws IOException, PartInitException {
        List<TestArray> arrays = TestArrays.all();
        Path corrupt = Files.copy(arrays.get(0).unpackedImages().get(0), scratch.resolve("corrupt.img"));
        SuperblockEdits.breakChecksum(corrupt);
        ArraysView view = showView();

        scanAndWait(view, List.of(TestArrays.arraysDir(), corrupt));

        Tree tree = view.viewer().getTree();
        assertEquals(arrays.size() + 1, tree.getItemCount());
        for (TestArray truth : arrays) {
            TreeItem row = rowWith(tree, ArrayColumn.UUID, truth.fsid().toString());
            assertEquals(truth.label(), row.getText(ArrayColumn.NAME.ordinal()));
            assertEquals(truth.numDevices() + " of " + truth.numDevices(), row.getText(ArrayColumn.DEVICES.ordinal()));
            assertEquals(truth.get("nodesize"), row.getText(ArrayColumn.NODESIZE.ordinal()));
            assertEquals("ok", row.getText(ArrayColumn.STATUS.ordinal()));
            assertEquals(truth.numDevices(), row.getItemCount());
            for (TestDevice device : truth.devices()) {
                TreeItem child = row.getItem(device.index() - 1);
                assertEquals("devid " + device.devid(), child.getText(ArrayColumn.NAME.ordinal()));
                assertEquals(device.file().toString(), child.getText(ArrayColumn.PATH.ordinal()));
            }
        }
        TreeItem error = rowWith(tree, ArrayColumn.NAME, "corrupt.img");
        assertTrue(error.getText(ArrayColumn.STATUS.ordinal()).startsWith("checksum mismatch"),
                error.getText(ArrayColumn.STATUS.ordinal()));

        Shell shell = view.getSite().getShell();
        assertEquals(WindowAdvisor.TITLE, shell.getText());
        Screenshots.save(shell, "arrays-view.png");
    }

    @Test
    void showingTheArraysWritesNothingToTheImages() throws IOException, PartInitException {
        List<Path> images = TestArrays.all().stream().flatMap(a -> a.compressedImages().stream()).toList();
        Map<Path, String> before = Hashes.sha256(images);

        scanAndWait(showView(), List.of(TestArrays.arraysDir()));

        assertEquals(before, Hashes.sha256(images));
    }

    @Test
    void aMissingDeviceIsARowOfItsArrayAndTheArrayCanBeReadAhead() throws IOException, PartInitException {
        TestArray raid1 = TestArrays.named("raid1-blake2-16k");
        TestDevice absent = raid1.devices().get(2);
        Path dir = Files.createDirectory(scratch.resolve("degraded"));
        for (TestDevice device : raid1.devices()) {
            if (device != absent) {
                Files.createSymbolicLink(dir.resolve(device.file().getFileName()), device.file());
            }
        }
        ArraysView view = showView();
        scanAndWait(view, List.of(dir));

        Tree tree = view.viewer().getTree();
        TreeItem row = rowWith(tree, ArrayColumn.UUID, raid1.fsid().toString());
        assertEquals("2 of 3", row.getText(ArrayColumn.DEVICES.ordinal()));
        assertEquals("1 device(s) missing", row.getText(ArrayColumn.STATUS.ordinal()));
        assertEquals(3, row.getItemCount());
        TreeItem missing = row.getItem(2);
        assertEquals("devid " + absent.devid(), missing.getText(ArrayColumn.NAME.ordinal()));
        assertEquals("missing", missing.getText(ArrayColumn.STATUS.ordinal()));

        view.viewer().setSelection(new StructuredSelection(row.getData()), true);
        assertTrue(view.selectedArray() != null, "Launch readahead... is enabled on an array");
        Job job = Launches.launch(view.selectedArray(), Launches.allTrees(view.selectedArray(), IoModel.NONE));
        UiWait.until("readahead finished", () -> job.getResult() != null);
        long expected = ArrayTruth.of(raid1).trees().stream().mapToLong(t -> ArrayTruth.of(raid1).blocks(t.id()).size())
                .sum();
        assertEquals(IStatus.OK, job.getResult().getSeverity(), job.getResult().getMessage());
        assertTrue(job.getResult().getMessage().contains(" " + expected + " blocks"), job.getResult().getMessage());
        Screenshots.save(view.getSite().getShell(), "arrays-view-degraded.png");
    }

    private static TreeItem rowWith(Tree tree, ArrayColumn column, String text) {
        return Arrays.stream(tree.getItems()).filter(i -> i.getText(column.ordinal()).equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + column + " = " + text));
    }
}
