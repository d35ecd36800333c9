package btrfs.workbench.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import btrfs.workbench.session.RunSpec;

/**
 * {@code btrfs-workbench <subcommand> ...}: the headless face of the core bundles, on picocli.
 * Plain Java, so tests drive it without OSGi; the start script runs it through {@link Main} on a
 * plain class path, {@link CliApplication} inside an OSGi framework ({@code -application
 * btrfs.workbench.cli.app}).
 * Every usage text is generated from the commands' annotations.
 */
public final class Cli {

    public static final int OK = 0;
    /** The filesystem was read and has errors (bad checksum, bad block). */
    public static final int FS_ERRORS = 1;
    /** Wrong usage, or input that cannot be read at all (missing, not btrfs, permission). */
    public static final int BAD_INPUT = 2;

    private final String version;

    public Cli(String version) {
        this.version = version;
    }

    /** The top: options of every command ({@code --debug} is inherited by the subcommands). */
    @Command(name = "btrfs-workbench", synopsisSubcommandLabel = "COMMAND",
            description = { "Watch and drive btrfs metadata readahead; headless commands.",
                "Without a command (from the start script): the GUI on the IMAGE_OR_DEVICE... named." },
            footerHeading = "%n", footer = { "exit codes: 0 ok, 1 the filesystem has errors, 2 usage or unreadable input",
                "devices and images are only ever opened read-only" })
    static final class Top implements Callable<Integer> {

        @Option(names = "--version", versionHelp = true, description = "print the version")
        boolean versionWanted;

        @Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help")
        boolean helpWanted;

        @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print stack traces of errors")
        boolean debug;

        @Spec
        CommandSpec spec;

        /** No command: the help, as {@code --help}. */
        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return OK;
        }
    }

    /** The command line with every subcommand, writing to {@code out} and {@code err}. */
    CommandLine commandLine(PrintStream out, PrintStream err) {
        Io io = new Io(out, err);
        CommandLine cl = new CommandLine(new Top());
        cl.getCommandSpec().version("btrfs-workbench " + version);
        List.of(new ScanCommand(io), new SuperCommand(io), new ChunksCommand(io), new TreesCommand(io),
                new TreeBlocksCommand(io), new ReadaheadCommand(io, version), new SnapshotCommand(io, version))
                .forEach(cl::addSubcommand);
        cl.addSubcommand(new CommandLine.HelpCommand());
        // in the words and case of the other commands' lines, not picocli's own
        cl.getSubcommands().get("help").getCommandSpec().usageMessage()
                .header("the synopsis of the CLI, or of COMMAND: the same as COMMAND --help");
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setUsageHelpWidth(100);
        return cl;
    }

    public int run(String[] argv, PrintStream out, PrintStream err) {
        boolean debug = debugWanted(argv);
        CommandLine cl = commandLine(out, err);
        cl.setParameterExceptionHandler((e, args) -> {
            err.println("btrfs-workbench: " + Usage.problem(e) + " (see --help)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, command, parsed) -> failed(e, err, debug));
        try {
            return cl.execute(argv);
        } catch (OutOfMemoryError e) {
            // whatever held the memory is unreachable once the error unwound to here: one line, no trace
            err.println("btrfs-workbench: out of memory (" + e.getMessage() + "): give Java more heap (-Xmx)");
            return BAD_INPUT;
        }
    }

    /** {@code --debug} anywhere before {@code --}. */
    private static boolean debugWanted(String[] argv) {
        List<String> args = Arrays.asList(argv);
        int end = args.indexOf("--");
        return (end < 0 ? args : args.subList(0, end)).contains("--debug");
    }

    /** A command's failure as its exit code: one line on stderr, a stack trace only with --debug. */
    private static int failed(Exception e, PrintStream err, boolean debug) {
        if (e instanceof CliException cli) {
            cli.print(err);
            if (debug && cli.getCause() != null) {
                cli.getCause().printStackTrace(err);
            }
            return cli.exitCode();
        }
        // a bug, not the user's fault: still one line unless asked for the trace
        err.println("btrfs-workbench: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
        if (debug) {
            e.printStackTrace(err);
        }
        return BAD_INPUT;
    }

    /**
     * The run a {@code readahead} command line describes, without running it: what the launch
     * dialog must produce for the same choices.
     *
     * @throws IllegalArgumentException with the CLI's message when the line is wrong
     */
    public static RunSpec readaheadSpec(List<String> args) {
        ReadaheadCommand command = new ReadaheadCommand(new Io(System.out, System.err), "spec");
        try {
            ParseResult parsed = new CommandLine(command).parseArgs(args.toArray(String[]::new));
            if (!parsed.errors().isEmpty()) {
                throw new IllegalArgumentException(parsed.errors().get(0).getMessage());
            }
            return command.spec();
        } catch (ParameterException e) {
            throw new IllegalArgumentException(Usage.problem(e), e);
        } catch (CliException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
