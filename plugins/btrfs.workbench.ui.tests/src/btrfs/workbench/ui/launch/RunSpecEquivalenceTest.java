package btrfs.workbench.ui.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.jface.dialogs.DialogSettings;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.cli.Cli;
import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.Discovery;
import btrfs.workbench.discovery.ScanMonitor;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.TreeNames;
import btrfs.workbench.testsupport.TestArrays;

/**
 * One run path: for every option of the launch dialog, the run the dialog makes equals the run
 * the CLI parses from the equivalent command line — so a GUI run and a CLI run of the same
 * choices are the same run (coalescing, failover, mounted-filesystem handling and all).
 */
class RunSpecEquivalenceTest {

    @TempDir
    Path scratch;

    /** A widget change in the dialog and the command line options that say the same. */
    private record Option(String name, Consumer<LaunchReadaheadDialog> choose, List<String> args) {
    }

    @Test
    void everyDialogOptionMakesTheRunItsCommandLineMakes() {
        BtrfsArray array = new Discovery(TestArrays.cacheDir())
                .scan(List.of(TestArrays.named("raid1-blake2-16k").dir()), false, ScanMonitor.NONE).arrays().get(0);
        Path record = scratch.resolve("run.rec.gz");
        List<Option> options = List.of(
                new Option("the defaults", d -> { }, List.of()),
                new Option("start key", d -> d.startText().setText("256,INODE_ITEM,0"),
                        List.of("--start", "256,INODE_ITEM,0")),
                new Option("end key", d -> d.endText().setText("257,1,0"), List.of("--end", "257,1,0")),
                new Option("strategy", d -> d.strategyCombo().select(d.strategyCombo().indexOf("naive")),
                        List.of("--strategy", Strategy.NAIVE.label())),
                new Option("engine v4.19", d -> d.engineCombo().select(d.engineCombo().indexOf("v4.19")),
                        List.of("--engine", "v4.19")),
                new Option("engine v4.19 over scrub and following", d -> {
                    d.scrubButton().setSelection(true);
                    d.followLeavesButton().setSelection(true);
                    d.engineCombo().select(d.engineCombo().indexOf("v4.19"));
                }, List.of("--engine", "v4.19")),
                new Option("reads in flight", d -> d.maxInFlightSpinner().setSelection(3),
                        List.of("--max-in-flight", "3")),
                new Option("no coalescing", d -> d.coalesceButton().setSelection(false), List.of("--no-coalesce")),
                new Option("stream zones on", d -> d.streamZonesCombo().select(d.streamZonesCombo().indexOf("on")),
                        List.of("--stream-zones")),
                new Option("stream zones off", d -> d.streamZonesCombo().select(d.streamZonesCombo().indexOf("off")),
                        List.of("--no-stream-zones")),
                new Option("stream help", d -> d.streamHelpButton().setSelection(true),
                        List.of("--stream-help")),
                new Option("no huge pages", d -> d.hugePagesButton().setSelection(false), List.of("--no-huge-pages")),
                new Option("no leaves first", d -> d.streamLeavesButton().setSelection(false),
                        List.of("--no-stream-leaves")),
                new Option("stream zones on over no leaves first", d -> {
                    d.streamLeavesButton().setSelection(false);
                    d.streamZonesCombo().select(d.streamZonesCombo().indexOf("on"));
                }, List.of("--stream-zones")),
                new Option("stream zones off over stream help", d -> {
                    d.streamHelpButton().setSelection(true);
                    d.streamZonesCombo().select(d.streamZonesCombo().indexOf("off"));
                }, List.of("--no-stream-zones")),
                new Option("scrub over stream zones", d -> {
                    d.streamZonesCombo().select(d.streamZonesCombo().indexOf("on"));
                    d.scrubButton().setSelection(true);
                }, List.of("--scrub")),
                new Option("pacing latency", d -> d.paceText().setText("7.5"), List.of("--latency-ms", "7.5")),
                new Option("pacing bandwidth", d -> {
                    d.pacingCombo().select(LaunchReadaheadDialog.Pacing.BANDWIDTH.ordinal());
                    d.paceText().setText("50");
                }, List.of("--bandwidth", "50")),
                new Option("no pacing", d -> d.pacingCombo().select(LaunchReadaheadDialog.Pacing.NONE.ordinal()),
                        List.of()),
                new Option("disk seeks", d -> d.seeksButton().setSelection(true), List.of("--seek-model", "hdd")),
                new Option("O_DIRECT", d -> d.directButton().setSelection(true), List.of("--direct")),
                new Option("scrub", d -> d.scrubButton().setSelection(true), List.of("--scrub")),
                new Option("follow leaves", d -> d.followLeavesButton().setSelection(true),
                        List.of("--follow-leaves")),
                new Option("restarts", d -> d.restartsButton().setSelection(true),
                        List.of("--restart-on-generation")),
                new Option("record", d -> d.recordText().setText(record.toString()),
                        List.of("--record", record.toString())),
                new Option("every tree", d -> d.treeList().setAllChecked(true), List.of()));
        for (Option option : options) {
            LaunchReadaheadDialog dialog = open(array);
            try {
                option.choose().accept(dialog);
                dialog.validateNow();
                RunSpec fromDialog = dialog.result();
                assertNotNull(fromDialog, option.name() + ": " + dialog.errorMessage());
                List<String> line = commandLine(array, dialog, option);
                assertEquals(Cli.readaheadSpec(line), fromDialog, option.name() + ": readahead " + line);
            } finally {
                dialog.close();
            }
        }
    }

    private static LaunchReadaheadDialog open(BtrfsArray array) {
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        LaunchReadaheadDialog dialog = new LaunchReadaheadDialog(shell, List.of(array), array,
                new DialogSettings("fresh"));
        dialog.setBlockOnOpen(false);
        dialog.open();
        return dialog;
    }

    /**
     * What a user types for the dialog's choices: its trees, its defaults for images (40 ms per
     * read) and a watched run's priority unless the option says otherwise, then the devices.
     */
    private static List<String> commandLine(BtrfsArray array, LaunchReadaheadDialog dialog, Option option) {
        List<String> line = new ArrayList<>();
        for (Object checked : dialog.treeList().getCheckedElements()) {
            line.addAll(List.of("--tree", TreeNames.shortName(((TreeRoot) checked).id())));
        }
        boolean pacingChosen = option.args().contains("--bandwidth") || option.name().equals("no pacing")
                || option.args().contains("--latency-ms");
        if (!pacingChosen) {
            line.addAll(List.of("--latency-ms", Integer.toString(LaunchReadaheadDialog.IMAGE_LATENCY_MS)));
        }
        line.addAll(List.of("--priority", "normal"));
        line.addAll(option.args());
        array.devices().stream().map(ArrayDevice::path).map(Path::toString).forEach(line::add);
        return line;
    }
}
