package btrfs.workbench.ui.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.jface.dialogs.DialogSettings;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.Discovery;
import btrfs.workbench.discovery.ScanMonitor;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.readahead.EngineMode;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.UiWait;

/** The Launch readahead dialog on a committed array: its trees, defaults, validation and memory. */
class LaunchReadaheadDialogTest {

    private static BtrfsArray array(TestArray truth) {
        return new Discovery(TestArrays.cacheDir()).scan(List.of(truth.dir()), false, ScanMonitor.NONE).arrays().get(0);
    }

    @Test
    void listsEveryTreeChecksTheFsTreeValidatesAndRemembers() throws Exception {
        TestArray truth = TestArrays.named("raid10-xxhash-16k");
        BtrfsArray array = array(truth);
        DialogSettings memory = new DialogSettings("test");
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        LaunchReadaheadDialog dialog = new LaunchReadaheadDialog(shell, List.of(array), array, memory);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            List<?> trees = (List<?>) dialog.treeList().getInput();
            assertEquals(ArrayTruth.of(truth).trees().size(), trees.size());
            RunSpec defaults = dialog.result();
            assertEquals(List.of(ObjectIds.FS_TREE), defaults.trees());
            assertEquals(Key.MIN, defaults.start());
            assertEquals(Key.MAX, defaults.end());
            assertEquals(Strategy.READA, defaults.strategy());
            assertTrue(defaults.io().latency().toMillis() == LaunchReadaheadDialog.IMAGE_LATENCY_MS,
                    "images are paced so a person can follow");
            assertTrue(dialog.button(IDialogConstants.OK_ID).isEnabled(), "the defaults can be launched");
            UiWait.until("dialog painted", () -> dialog.getShell().isVisible());
            Screenshots.save(dialog.getShell(), "launch-dialog.png");

            dialog.startText().setText("256,BOGUS,0");
            assertNull(dialog.result());
            assertFalse(dialog.button(IDialogConstants.OK_ID).isEnabled());
            assertTrue(dialog.errorMessage().contains("BOGUS"), dialog.errorMessage());

            // scrub reads every copy: the port's job, not the one-copy baseline's
            assertFalse(defaults.scrub(), "scrub is off by default");
            dialog.startText().setText("");
            dialog.scrubButton().setSelection(true);
            dialog.strategyCombo().select(dialog.strategyCombo().indexOf(Strategy.NAIVE.label()));
            dialog.validateNow();
            assertNull(dialog.result());
            assertEquals("Scrub needs the reada strategy.", dialog.errorMessage());
            dialog.scrubButton().setSelection(false);
            dialog.followLeavesButton().setSelection(true);
            dialog.validateNow();
            assertEquals("Following leaves and restarting need the reada strategy.", dialog.errorMessage());
            dialog.followLeavesButton().setSelection(false);
            dialog.scrubButton().setSelection(true);
            dialog.strategyCombo().select(dialog.strategyCombo().indexOf(Strategy.READA.label()));
            dialog.validateNow();
            assertTrue(dialog.result().scrub());

            // the v4.19 engine has none of the additions: their boxes are disabled and not applied
            assertEquals(EngineMode.WORKBENCH, defaults.engine());
            dialog.engineCombo().select(dialog.engineCombo().indexOf(EngineMode.V4_19.label()));
            dialog.validateNow();
            assertEquals(EngineMode.V4_19, dialog.result().engine());
            assertFalse(dialog.result().scrub() || dialog.result().coalesce() || dialog.result().failover());
            assertFalse(dialog.scrubButton().isEnabled() || dialog.coalesceButton().isEnabled()
                    || dialog.followLeavesButton().isEnabled() || dialog.restartsButton().isEnabled());
            Screenshots.save(dialog.getShell(), "launch-dialog-v419.png");
            dialog.engineCombo().select(dialog.engineCombo().indexOf(EngineMode.WORKBENCH.label()));
            dialog.validateNow();
            assertTrue(dialog.result().scrub() && dialog.scrubButton().isEnabled(), "scrub kept for workbench");

            dialog.recordText().setText("/no/such/folder/run.rec.gz");
            dialog.validateNow();
            assertNull(dialog.result());
            assertEquals("No folder /no/such/folder to record into.", dialog.errorMessage());
            dialog.recordText().setText("");

            dialog.startText().setText("256,INODE_ITEM,0");
            dialog.treeList().setAllChecked(true);
            dialog.validateNow();
            assertEquals(new Key(256, 1, 0), dialog.result().start());
            assertEquals(trees.size(), dialog.result().trees().size());
            dialog.pressOk();
            assertEquals("256,INODE_ITEM,0", memory.get("start"));
        } finally {
            dialog.close();
        }
        LaunchReadaheadDialog again = new LaunchReadaheadDialog(shell, List.of(array), array, memory);
        again.setBlockOnOpen(false);
        again.open();
        try {
            assertEquals(new Key(256, 1, 0), again.result().start(), "the last values are remembered");
            assertTrue(again.result().scrub(), "scrub is remembered too");
        } finally {
            again.close();
        }
    }
}
