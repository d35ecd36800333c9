package btrfs.workbench.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.EngineMode;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.FollowProgress;
import btrfs.workbench.session.Priority;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.session.TreeNames;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.session.run.LiveRun;

/**
 * {@code readahead --tree T ... DEV...}: one readahead control per tree, all at once on one
 * engine (btrfs_reada_add for each, then btrfs_reada_wait for each), and a report of what was
 * read where. The options make a {@link RunSpec}, which the session runs as it runs the GUI's.
 * Exit 1 if a block could not be read, or a copy of one was bad (even if another copy was read
 * instead: the filesystem has an error either way).
 */
@Command(name = "readahead", sortOptions = false,
        description = { "read trees ahead as the kernel's reada.c did: per device in on-disk order, all devices at once",
            "KEY is objectid,type,offset (type as number or btrfs-progs name, e.g. 256,INODE_ITEM,0); "
                    + "the range is [start, end)." })
final class ReadaheadCommand extends CliCommand {

    @Option(names = "--tree", paramLabel = "T", description = "a tree to read, once per tree: " + TreeNames.HELP)
    List<String> trees = new ArrayList<>();

    @Option(names = "--start", paramLabel = "KEY", description = "the first key (default: the smallest)")
    String start;

    @Option(names = "--end", paramLabel = "KEY", description = "the end key, exclusive (default: past the largest)")
    String end;

    @Option(names = "--strategy", paramLabel = "reada|naive",
            description = "reada (default): the kernel's order; naive: depth first, one read at a time")
    String strategy;

    @Option(names = "--engine", paramLabel = "workbench|v4.19",
            description = "workbench (default): the kernel's machine with the workbench's deviations; v4.19: the "
                    + "kernel's schedule exactly (docs/readahead.md lists every difference)")
    String engine;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "reads in flight per device (default 6)")
    String maxInFlight;

    @Option(names = "--coalesce", description = "read a device's next queued blocks as one I/O of up to 1 MiB "
            + "(default)")
    boolean coalesce;

    @Option(names = "--no-coalesce", description = "read every block on its own, as the kernel did")
    boolean noCoalesce;

    @Option(names = "--coalesce-gap", paramLabel = "SIZE",
            description = "the largest hole a coalesced read reads through (default 128K; 0: back to back only)")
    String coalesceGap;

    @Option(names = "--stream-zones", description = "read every tree block group once, front to back, split "
            + "across its mirrors, and serve the walk from it, for any whole tree (default: when the whole trees "
            + "read hold 30% of the bytes it would read)")
    boolean streamZones;

    @Option(names = "--no-stream-zones", description = "never stream: read the blocks the walk wants, and no others")
    boolean noStreamZones;

    @Option(names = "--stream-help", description = "while streaming, a device that has read its share reads "
            + "the rest of a slower mirror's from its own copy (default: each reads its own share)")
    boolean streamHelp;

    @Option(names = "--stream-leaves", description = "where the whole trees read leave much of the tree block "
            + "groups to skip, read their nodes first, then stream only the leaves those name (default)")
    boolean streamLeaves;

    @Option(names = "--no-stream-leaves", description = "stream the tree block groups whole, nodes and all")
    boolean noStreamLeaves;

    @Option(names = "--huge-pages", description = "read coalesced and stream reads into huge pages, one segment "
            + "per request, where the kernel has them (default)")
    boolean hugePages;

    @Option(names = "--no-huge-pages", description = "read into ordinary 4 KiB pages, a segment each")
    boolean noHugePages;

    @Option(names = "--no-failover", description = "cut the branch at the first bad copy, as v4.19 did")
    boolean noFailover;

    @Option(names = "--scrub", description = "read every copy of every block and compare them")
    boolean scrub;

    @Option(names = "--priority", paramLabel = "background|normal",
            description = "background (default): idle I/O class and nice 10; normal: as started")
    String priority;

    @Option(names = "--direct", description = "read with O_DIRECT (no page cache)")
    boolean direct;

    @Option(names = "--latency-ms", paramLabel = "X", description = "pace images: milliseconds per read")
    String latencyMs;

    @Option(names = "--bandwidth", paramLabel = "MBPS", description = "pace images: MB/s per device (0: no limit)")
    String bandwidth;

    @Option(names = "--seek-model", paramLabel = "none|hdd", description = "pace images: head movement as on a disk")
    String seekModel;

    @Option(names = "--read-timeout", paramLabel = "SECONDS",
            description = "a read not answered within this fails (default 30; 0 waits forever)")
    String readTimeout;

    @Option(names = "--follow-leaves", description = "also read the trees and blocks that leaves name")
    boolean followLeaves;

    @Option(names = "--restart-on-generation", description = "read a changed block's key span again from the "
            + "current root")
    boolean restartOnGeneration;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--list-blocks", description = "list every control's blocks in read order (JSON block_list)")
    boolean listBlocks;

    @Option(names = "--trace", paramLabel = "FILE", description = "write every engine event as a JSON line")
    Path trace;

    @Option(names = "--record", paramLabel = "FILE", description = "record the run for the Replay view (.rec.gz); "
            + "- streams it to standard output (the report then goes to standard error)")
    Path record;

    @Option(names = "--snapshot", paramLabel = "FILE", description = "write the final state as a diagnostic snapshot")
    Path snapshot;

    @Option(names = "--snapshot-every", paramLabel = "SECONDS",
            description = "also numbered snapshots during the run (needs --snapshot)")
    String snapshotEvery;

    @Mixin
    ArrayDevices array = new ArrayDevices();

    private final String version;

    ReadaheadCommand(Io io, String version) {
        super(io);
        this.version = version;
    }

    /** The run these options describe. */
    RunSpec spec() throws CliException {
        exclusive(coalesce, "--coalesce", noCoalesce, "--no-coalesce");
        exclusive(coalesceGap != null, "--coalesce-gap", noCoalesce, "--no-coalesce");
        exclusive(streamZones, "--stream-zones", noStreamZones, "--no-stream-zones");
        exclusive(streamHelp, "--stream-help", noStreamZones, "--no-stream-zones");
        exclusive(hugePages, "--huge-pages", noHugePages, "--no-huge-pages");
        exclusive(streamLeaves, "--stream-leaves", noStreamLeaves, "--no-stream-leaves");
        // leaves first is how the automatic stream reads: neither never nor always streaming has it
        exclusive(streamLeaves || noStreamLeaves, streamLeaves ? "--stream-leaves" : "--no-stream-leaves",
                noStreamZones || streamZones, noStreamZones ? "--no-stream-zones" : "--stream-zones");
        RunSpec.Builder spec = RunSpec.builder().devices(paths()).trees(treeIds()).range(key(start, Key.MIN),
                key(end, Key.MAX));
        spec.strategy(CliException.checked(() -> strategy == null ? Strategy.READA : Strategy.of(strategy)))
                .engine(engine())
                .maxInFlight(Values.wholeNumber(maxInFlight, "--max-in-flight", ReadaheadConfig.MAX_IN_FLIGHT))
                .coalesceGap((int) Math.min(Integer.MAX_VALUE,
                        Values.size(coalesceGap, "--coalesce-gap", ReadaheadConfig.COALESCE_GAP_BYTES)))
                .scrub(scrub).streamZones(streamZones()).streamHelp(streamHelp).hugePages(!noHugePages)
                .streamLeaves(!noStreamLeaves)
                .priority(CliException.checked(() -> priority == null ? Priority.BACKGROUND : Priority.of(priority)))
                .direct(direct).readTimeout(Values.seconds(readTimeout, "--read-timeout",
                        ReadaheadConfig.READ_TIMEOUT))
                .following(new Following(followLeaves, restartOnGeneration))
                .outputs(new RunSpec.Outputs(trace, record, snapshot, Values.seconds(snapshotEvery,
                        "--snapshot-every", null)));
        if (coalesce || coalesceGap != null || noCoalesce) {
            spec.coalesce(!noCoalesce); // else the engine's default
        }
        if (noFailover) {
            spec.failover(false);
        }
        pacing(spec);
        return CliException.checked(spec::build);
    }

    /** Options that contradict each other are a usage error, named both. */
    private static void exclusive(boolean one, String oneName, boolean other, String otherName)
            throws CliException {
        if (one && other) {
            throw CliException.usage(oneName + " and " + otherName + " exclude each other");
        }
    }

    private EngineMode engine() throws CliException {
        try {
            return engine == null ? EngineMode.WORKBENCH : EngineMode.of(engine);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** As asked, else the default: stream when the whole trees read make the tree block groups dense. */
    private StreamZones streamZones() {
        if (streamZones) {
            return StreamZones.ON;
        }
        return noStreamZones ? StreamZones.OFF : RunSpec.STREAM_ZONES_BY_DEFAULT;
    }

    private List<Path> paths() throws CliException {
        List<Path> paths = new ArrayList<>();
        for (String device : array.devices) {
            paths.add(Inputs.toPath(device));
        }
        return paths;
    }

    private List<Long> treeIds() throws CliException {
        List<Long> ids = new ArrayList<>();
        for (String t : trees) {
            ids.add(CliException.checked(() -> TreeNames.parse(t)));
        }
        return ids;
    }

    private static Key key(String text, Key otherwise) throws CliException {
        if (text == null) {
            return otherwise;
        }
        try {
            return Key.parse(text);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** The pacing as typed; whether it is in range is the spec's rule. */
    private void pacing(RunSpec.Builder spec) throws CliException {
        if (seekModel != null && !seekModel.equals("none") && !seekModel.equals("hdd")) {
            throw CliException.usage("--seek-model is none or hdd, not '" + seekModel + "'");
        }
        spec.pacing(Values.millis(latencyMs, "--latency-ms"),
                (long) (Values.number(bandwidth, "--bandwidth", 0) * 1e6), "hdd".equals(seekModel));
    }

    @Override
    int run(PrintStream out, PrintStream err) throws CliException {
        RunSpec spec = spec();
        boolean streaming = spec.outputs().recordsToStdout();
        if (streaming && json) {
            throw CliException.usage("--json and --record - both want standard output: record to a file, or "
                    + "leave out --json (the report then goes to standard error)");
        }
        try (ArraySession session = ArraySession.open(spec)) {
            OpenFilesystem fs = OpenFilesystem.of(session.array());
            int exit = fs.reportProblems(err, session.live());
            RunRecorder recorder = new RunRecorder(listBlocks, spec.scrub(), session.target()::mirrors,
                    missingDevids(fs));
            ReadaheadReport report;
            try (LiveRun run = session.start(spec, version, List.of(recorder),
                    streaming ? new CheckedOutput(out) : null)) {
                report = await(run, spec, recorder, fs, err, session.live());
                run.finish();
            }
            report.print(json, streaming ? err : out, err);
            if (report.aborted()) {
                return Cli.BAD_INPUT; // not the filesystem's fault: the run could not be completed
            }
            return report.hasErrors() ? Cli.FS_ERRORS : exit;
        } catch (SessionException e) {
            throw CliException.of(e);
        }
    }

    private static Set<Long> missingDevids(OpenFilesystem fs) {
        Set<Long> missing = new HashSet<>();
        fs.get().devices().stream().filter(d -> !d.present()).forEach(d -> missing.add(d.devid()));
        return missing;
    }

    private ReadaheadReport await(LiveRun run, RunSpec spec, RunRecorder recorder, OpenFilesystem fs,
            PrintStream err, boolean live) throws CliException {
        try (Progress progress = Progress.onTerminal(run.engine(), err)) {
            List<ControlSnapshot> finals = run.await();
            List<FollowProgress> following = run.controls().stream().map(ReadaheadControl::following).toList();
            return new ReadaheadReport(fs, run.roots(), spec, listBlocks, run.engine().snapshot(), finals, following,
                    recorder, run.elapsedNanos(), live);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel();
            throw new CliException(Cli.BAD_INPUT, "interrupted", e);
        }
    }
}
