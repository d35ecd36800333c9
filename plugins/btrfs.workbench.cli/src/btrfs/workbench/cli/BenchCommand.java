package btrfs.workbench.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.bench.BenchOutputs;
import btrfs.workbench.bench.BenchPlan;
import btrfs.workbench.bench.BenchRunner;
import btrfs.workbench.bench.report.BenchMarkdown;
import btrfs.workbench.bench.report.BenchResult;
import btrfs.workbench.bench.system.Commands;
import btrfs.workbench.bench.system.Host;
import btrfs.workbench.bench.system.Prerequisites;
import btrfs.workbench.bench.system.SystemHost;

/**
 * {@code bench [--quick] [--out DIR]}: the cold-cache benchmark of issue 9. Progress goes to
 * stderr, the table (Markdown) to stdout, the files into DIR. Exit 2 when the machine cannot run
 * it (no root, no loop devices), 1 when a run or a tool failed, else 0.
 */
final class BenchCommand implements Command {

    private final Function<Commands, Host> hosts;

    BenchCommand() {
        this(SystemHost::new);
    }

    /** @param hosts the machine as seen through the runner's commands (tests pass another machine) */
    BenchCommand(Function<Commands, Host> hosts) {
        this.hosts = hosts;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return BenchArgs.USAGE;
    }

    @Override
    public int run(List<String> argList, PrintStream out, PrintStream err) throws CliException {
        BenchArgs args = BenchArgs.parse(argList, System.getenv());
        BenchRunner runner = new BenchRunner(args.work(), err, ReadaheadArgs.COALESCE_BY_DEFAULT);
        List<String> missing = Prerequisites.missing(hosts.apply(runner.commands()));
        if (!missing.isEmpty()) {
            throw new CliException(Cli.BAD_INPUT, "bench cannot run here: " + String.join("; ", missing));
        }
        BenchPlan plan = args.quick() ? BenchPlan.quick(args.runs()) : BenchPlan.full(args.runs());
        try {
            BenchResult result = runner.run(plan, args.quick());
            List<Path> files = BenchOutputs.write(result, args.out());
            out.print(BenchMarkdown.render(result));
            files.forEach(f -> err.println("btrfs-workbench: wrote " + f.toAbsolutePath()));
            return result.hasErrors() ? Cli.FS_ERRORS : Cli.OK;
        } catch (BenchException e) {
            throw new CliException(Cli.FS_ERRORS, "bench failed: " + e.getMessage(), e);
        }
    }
}
