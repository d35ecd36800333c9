package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code btrfs-workbench <subcommand> ...}: the headless face of the core bundles. Plain Java,
 * so tests drive it without OSGi; {@link CliApplication} runs it inside the product.
 */
public final class Cli {

    public static final int OK = 0;
    /** The filesystem was read and has errors (bad checksum, bad block). */
    public static final int FS_ERRORS = 1;
    /** Wrong usage, or input that cannot be read at all (missing, not btrfs, permission). */
    public static final int BAD_INPUT = 2;

    private final String version;
    private final List<Command> commands;

    public Cli(String version) {
        this.version = version;
        this.commands = List.of(new ScanCommand(), new SuperCommand(), new ChunksCommand(), new TreeBlocksCommand(),
                new ReadaheadCommand(version), new SnapshotCommand(version));
    }

    public int run(String[] argv, PrintStream out, PrintStream err) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        boolean debug = args.remove("--debug");
        try {
            return dispatch(args, out, err);
        } catch (CliException e) {
            e.print(err);
            if (debug && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            // A bug, not the user's fault: still one line unless asked for the trace.
            err.println("btrfs-workbench: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return BAD_INPUT;
        } catch (OutOfMemoryError e) {
            // Whatever held the memory is unreachable once the error unwound to here: one line, no trace.
            err.println("btrfs-workbench: out of memory (" + e.getMessage() + "): give Java more heap (-Xmx)");
            return BAD_INPUT;
        }
    }

    private int dispatch(List<String> args, PrintStream out, PrintStream err) throws CliException {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            printHelp(out);
            return OK;
        }
        if (args.get(0).equals("--version")) {
            out.println("btrfs-workbench " + version);
            return OK;
        }
        String name = args.get(0);
        Command command = find(name).orElseThrow(() -> CliException.usage("unknown command '" + name + "'"));
        return command.run(args.subList(1, args.size()), out, err);
    }

    private Optional<Command> find(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private void printHelp(PrintStream out) {
        out.println("usage: btrfs-workbench [IMAGE_OR_DEVICE...]        open the GUI (from a checkout, no argument: the embedded test arrays)");
        out.println("       btrfs-workbench <command> [--debug] ARGS...  run headless");
        out.println();
        out.println("commands:");
        for (Command command : commands) {
            out.printf("  %-12s %s%n", command.name(), command.usage());
        }
        out.println();
        out.println("options:");
        out.println("  --version  print the version");
        out.println("  --help     print this help");
        out.println("  --debug    print stack traces of errors");
        out.println();
        out.println("exit codes: 0 ok, 1 the filesystem has errors, 2 usage or unreadable input");
        out.println("devices and images are only ever opened read-only");
    }
}
