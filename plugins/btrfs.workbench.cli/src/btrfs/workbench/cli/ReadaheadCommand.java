package btrfs.workbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import btrfs.workbench.discovery.system.SysfsBtrfs;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.heatmap.DeviceLayouts;
import btrfs.workbench.readahead.heatmap.HeatmapRecorder;
import btrfs.workbench.readahead.io.ReadaheadRun;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.FollowProgress;
import btrfs.workbench.snapshot.Snapshots;
import btrfs.workbench.snapshot.trace.TraceWriter;

/**
 * {@code readahead --tree T ... DEV...}: one readahead control per tree, all at once on one
 * engine (btrfs_reada_add for each, then btrfs_reada_wait for each), and a report of what was
 * read where. Exit 1 if a block could not be read, or a copy of one was bad (even if another copy
 * was read instead: the filesystem has an error either way).
 */
final class ReadaheadCommand implements Command {

    private final String version;

    ReadaheadCommand(String version) {
        this.version = version;
    }

    @Override
    public String name() {
        return "readahead";
    }

    @Override
    public String usage() {
        return ReadaheadArgs.USAGE;
    }

    @Override
    public int run(List<String> argList, PrintStream out, PrintStream err) throws CliException {
        ReadaheadArgs args = ReadaheadArgs.parse(argList);
        try (OpenFilesystem fs = OpenFilesystem.open(args.devices(), args.direct())) {
            List<TreeRoot> roots = roots(fs, args);
            boolean live = mounted(fs);
            int exit = fs.reportProblems(err, live);
            ReadaheadConfig config = ReadaheadConfig.defaults().withStrategy(args.strategy())
                    .withMaxInFlightPerDevice(args.maxInFlight())
                    .withCoalesceBytes(args.coalesce() ? ReadaheadConfig.COALESCE_BYTES : 0)
                    .withCoalesceGapBytes(args.coalesce() ? args.coalesceGap() : 0)
                    .withBackground(args.background())
                    .withFailover(args.failover())
                    .withScrub(args.scrub())
                    .withReadTimeout(args.readTimeout());
            ReadaheadReport report;
            try (ReadaheadRun run = ReadaheadRun.prepare(fs.get(), config, args.io(), live);
                    RunOutputs outputs = RunOutputs.attach(run, fs.get(), args, version)) {
                RunRecorder recorder = new RunRecorder(args.listBlocks(), args.scrub(), run.target()::mirrors,
                        missingDevids(fs));
                run.engine().addListener(recorder);
                run.add(roots, args.start(), args.end(), args.following());
                report = await(run, roots, args, recorder, fs, err, live);
                outputs.finish();
            }
            report.print(args.json(), out, err);
            if (report.aborted()) {
                return Cli.BAD_INPUT; // not the filesystem's fault: the run could not be completed
            }
            return report.hasErrors() ? Cli.FS_ERRORS : exit;
        }
    }

    /**
     * Whether the kernel has this filesystem mounted (it is listed in /sys/fs/btrfs): then it may
     * be written while it is read, and blocks rewritten meanwhile are changes, not damage.
     */
    private static boolean mounted(OpenFilesystem fs) {
        UUID fsid = fs.get().superblock().fsid();
        return SysfsBtrfs.list().stream().anyMatch(m -> m.fsid().equals(fsid));
    }

    private static Set<Long> missingDevids(OpenFilesystem fs) {
        Set<Long> missing = new HashSet<>();
        fs.get().devices().stream().filter(d -> !d.present()).forEach(d -> missing.add(d.devid()));
        return missing;
    }

    private static List<TreeRoot> roots(OpenFilesystem fs, ReadaheadArgs args) throws CliException {
        List<TreeRoot> roots = new ArrayList<>();
        for (int i = 0; i < args.trees().size(); i++) {
            String name = args.treeArgs().get(i);
            roots.add(fs.get().treeRoot(args.trees().get(i))
                    .orElseThrow(() -> new CliException(Cli.BAD_INPUT, "tree " + name + " not present")));
        }
        return roots;
    }

    private static ReadaheadReport await(ReadaheadRun run, List<TreeRoot> roots, ReadaheadArgs args,
            RunRecorder recorder, OpenFilesystem fs, PrintStream err, boolean live) throws CliException {
        try (Progress progress = Progress.onTerminal(run.engine(), err)) {
            List<ControlSnapshot> finals = run.await();
            List<FollowProgress> following = run.controls().stream().map(ReadaheadControl::following).toList();
            return new ReadaheadReport(fs, roots, args, run.engine().snapshot(), finals, following, recorder,
                    run.elapsedNanos(), live);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel();
            throw new CliException(Cli.BAD_INPUT, "interrupted", e);
        }
    }
}
