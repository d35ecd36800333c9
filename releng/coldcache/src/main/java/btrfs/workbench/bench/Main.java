package btrfs.workbench.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import btrfs.workbench.bench.report.BenchMarkdown;
import btrfs.workbench.bench.report.BenchResult;
import btrfs.workbench.bench.system.Host;
import btrfs.workbench.bench.system.Prerequisites;
import btrfs.workbench.bench.system.SystemHost;
import btrfs.workbench.testsupport.CommandException;
import btrfs.workbench.testsupport.SystemCommands;

/**
 * {@code btrfs-workbench bench [--quick] [--out DIR] [--work DIR] [--runs N]} from a checkout: the
 * cold-cache benchmark of issue 9, not part of the product (it formats and mounts filesystems);
 * {@code bench probe ARRAY ...} samples a few of its methods on one array ({@link ProbeRunner}).
 * Progress goes to stderr, the table (Markdown) to stdout, the files into DIR. Exit 2 when the
 * machine cannot run it (no root, no loop devices) or the arguments are wrong, 1 when a run or a
 * tool failed, else 0.
 */
public final class Main {

    static final int OK = 0;
    /** A run or a tool failed. */
    static final int FAILED = 1;
    /** Wrong usage, or a machine the benchmark cannot run on. */
    static final int CANNOT_RUN = 2;


    /** Every line on stderr starts so, as the CLI's do: the user started {@code btrfs-workbench bench}. */
    private static final String PREFIX = "btrfs-workbench: ";

    private final Function<SystemCommands, Host> hosts;
    private final PrintStream out;
    private final PrintStream err;

    /** @param hosts the machine as seen through the runner's commands (tests pass another machine) */
    Main(Function<SystemCommands, Host> hosts, PrintStream out, PrintStream err) {
        this.hosts = hosts;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int exit = new Main(SystemHost::new, System.out, System.err).run(List.of(args), System.getenv());
        System.out.flush();
        System.exit(exit);
    }

    /** @param environment the process environment (for {@link BenchArgs#WORK_VARIABLE}) */
    int run(List<String> argv, Map<String, String> environment) {
        List<String> args = new ArrayList<>(argv);
        boolean debug = args.remove("--debug");
        boolean probe = !args.isEmpty() && args.get(0).equals("probe");
        if (args.contains("--help") || args.contains("-h")) {
            out.println(probe ? ProbeArgs.USAGE : BenchArgs.USAGE);
            return OK;
        }
        try {
            if (probe) {
                return probe(ProbeArgs.parse(args.subList(1, args.size()), environment));
            }
            return bench(BenchArgs.parse(args, environment));
        } catch (BenchArgs.UsageException e) {
            return fail(CANNOT_RUN, e.getMessage() + " (see --help)", null);
        } catch (BenchException | CommandException e) {
            return fail(FAILED, "bench failed: " + e.getMessage(), debug ? e : null);
        } catch (RuntimeException e) {
            // A bug, not the user's fault: still one line unless asked for the trace.
            return fail(CANNOT_RUN, "internal error: " + e + (debug ? "" : " (run with --debug for details)"),
                    debug ? e : null);
        }
    }

    /** Checks the machine before anything is created, then builds, measures and writes. */
    private int bench(BenchArgs args) throws BenchException {
        BenchRunner runner = new BenchRunner(args.work(), err);
        List<String> missing = Prerequisites.missing(hosts.apply(runner.commands()));
        if (!missing.isEmpty()) {
            return fail(CANNOT_RUN, "bench cannot run here: " + String.join("; ", missing), null);
        }
        BenchPlan plan = args.quick() ? BenchPlan.quick(args.runs()) : BenchPlan.full(args.runs());
        BenchRun run = runner.run(plan, args.quick());
        BenchResult result = run.result();
        List<Path> files = BenchOutputs.write(run, args.out());
        out.print(BenchMarkdown.render(result));
        files.forEach(f -> err.println(PREFIX + "wrote " + f.toAbsolutePath()));
        return result.hasErrors() ? FAILED : OK;
    }

    /** Checks the machine as the bench does, then probes (samples to stdout, progress to stderr). */
    private int probe(ProbeArgs args) throws BenchException {
        BenchRunner runner = new BenchRunner(args.work(), err);
        List<String> missing = Prerequisites.missing(hosts.apply(runner.commands()));
        if (!missing.isEmpty()) {
            return fail(CANNOT_RUN, "bench probe cannot run here: " + String.join("; ", missing), null);
        }
        new ProbeRunner(runner, out, err).run(args);
        return OK;
    }

    /** One line on stderr (and the trace when asked for), and the exit code. */
    private int fail(int exit, String message, Throwable trace) {
        err.println(PREFIX + message);
        if (trace != null) {
            trace.printStackTrace(err);
        }
        return exit;
    }
}
