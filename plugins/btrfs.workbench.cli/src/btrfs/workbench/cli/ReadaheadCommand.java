package btrfs.workbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.readahead.ReadaheadRequest;
import btrfs.workbench.readahead.io.FilesystemTarget;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.snapshot.trace.TraceWriter;

/**
 * {@code readahead --tree T ... DEV...}: one readahead control per tree, all at once on one
 * engine (btrfs_reada_add for each, then btrfs_reada_wait for each), and a report of what was
 * read where. Exit 1 if a block could not be read.
 */
final class ReadaheadCommand implements Command {

    /** How long the engine may take to drop its last zones after the last control finished. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

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
            int exit = fs.reportProblems(err);
            ReadaheadConfig config = ReadaheadConfig.defaults().withStrategy(args.strategy())
                    .withMaxInFlightPerDevice(args.maxInFlight());
            RunRecorder recorder = new RunRecorder(args.listBlocks());
            ReadaheadReport report;
            try (FilesystemTarget target = new FilesystemTarget(fs.get(), args.maxInFlight(), args.io());
                    TraceWriter trace = openTrace(args);
                    ReadaheadEngine engine = new ReadaheadEngine(target, config)) {
                engine.addListener(recorder);
                if (trace != null) {
                    engine.addListener(trace);
                }
                report = runAll(engine, roots, args, recorder, fs, err);
            } catch (IOException e) {
                throw new CliException(Cli.BAD_INPUT, "cannot write the trace " + args.trace() + ": " + e.getMessage(), e);
            }
            report.print(args.json(), out, err);
            return report.hasErrors() ? Cli.FS_ERRORS : exit;
        }
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

    private static TraceWriter openTrace(ReadaheadArgs args) throws CliException {
        if (args.trace() == null) {
            return null;
        }
        try {
            return TraceWriter.to(args.trace());
        } catch (IOException e) {
            throw new CliException(Cli.BAD_INPUT, "cannot write the trace " + args.trace() + ": " + e, e);
        }
    }

    private static ReadaheadReport runAll(ReadaheadEngine engine, List<TreeRoot> roots, ReadaheadArgs args,
            RunRecorder recorder, OpenFilesystem fs, PrintStream err) throws CliException {
        long started = System.nanoTime();
        List<ReadaheadControl> controls = new ArrayList<>();
        for (TreeRoot root : roots) {
            controls.add(engine.add(new ReadaheadRequest(root.name(), root.bytenr(), root.generation(), root.level(),
                    args.start(), args.end())));
        }
        try (Progress progress = Progress.onTerminal(engine, err)) {
            List<ControlSnapshot> finals = new ArrayList<>();
            for (ReadaheadControl control : controls) {
                finals.add(control.waitFor());
            }
            long elapsed = System.nanoTime() - started;
            engine.awaitIdle(DRAIN); // every event delivered, counters final
            return new ReadaheadReport(fs, roots, args, engine.snapshot(), finals, recorder, elapsed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            controls.forEach(ReadaheadControl::cancel);
            throw new CliException(Cli.BAD_INPUT, "interrupted", e);
        }
    }
}
