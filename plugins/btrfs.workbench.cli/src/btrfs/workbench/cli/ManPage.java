package btrfs.workbench.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * The manual page {@code btrfs-workbench.1} and the bash completion script, generated from the
 * CLI's own definition (the picocli annotations), so that neither can drift from what the commands
 * accept: the product carries both (features' rootfiles; {@code CliManualTest} keeps the committed
 * copies current). Each command's section of the page is its usage as {@code btrfs-workbench help
 * COMMAND} prints it, kept as printed (no-fill), as btrfs-progs' pages show their synopses.
 */
public final class ManPage {

    /** The command's name, as the start script and completion know it. */
    static final String NAME = "btrfs-workbench";

    private ManPage() {
    }

    /** The page, in man(7) roff. */
    public static String render() {
        CommandLine cl = definition();
        StringBuilder roff = new StringBuilder();
        roff.append(".TH BTRFS-WORKBENCH 1 \"\" \"Btrfs Workbench\" \"User Commands\"\n");
        roff.append(".SH NAME\n").append(NAME).append(" \\- watch and drive btrfs metadata readahead\n");
        roff.append(".SH SYNOPSIS\n");
        verbatim(roff, cl.getUsageMessage(Ansi.OFF));
        roff.append(".SH DESCRIPTION\n")
                .append("Without a command, ").append(NAME)
                .append(" opens its GUI on the images, devices or directories named (the test arrays of a\n")
                .append("checkout when none is). With a command it runs headless, without a display; each\n")
                .append("command's usage follows, as ")
                .append("\\fB").append(NAME).append(" help\\fR \\fICOMMAND\\fR prints it.\n")
                .append("Devices and images are only ever opened read-only.\n");
        roff.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> command : cl.getSubcommands().entrySet()) {
            if (!command.getKey().equals("help")) {
                roff.append(".SS ").append(NAME).append(' ').append(command.getKey()).append('\n');
                verbatim(roff, command.getValue().getUsageMessage(Ansi.OFF));
            }
        }
        roff.append(".SH EXIT STATUS\n")
                .append("0 ok, 1 the filesystem has errors, 2 usage or unreadable input.\n");
        roff.append(".SH FILES\n")
                .append("\\fI~/.local/state/btrfs-workbench\\fR: the GUI's workspace, unpacked images, the class\n")
                .append("archive that makes the commands start fast.\n");
        roff.append(".SH SEE ALSO\n").append("\\fBbtrfs\\fR(8), \\fBbtrfs-inspect-internal\\fR(8)\n");
        return roff.toString();
    }

    /** The bash completion script (zsh: after {@code autoload -U bashcompinit && bashcompinit}). */
    public static String completion() {
        return AutoComplete.bash(NAME, definition());
    }

    /** The CLI's command line, every command in it, its output discarded: what is documented. */
    static CommandLine definition() {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream());
        return new Cli("VERSION").commandLine(discard, discard);
    }

    /** Text shown as it is: no filling, no adjusting, roff's special characters escaped. */
    private static void verbatim(StringBuilder roff, String text) {
        roff.append(".nf\n");
        for (String line : text.stripTrailing().split("\n", -1)) {
            String escaped = line.replace("\\", "\\e");
            if (escaped.startsWith(".") || escaped.startsWith("'")) {
                escaped = "\\&" + escaped; // a control character at the start would be a request
            }
            roff.append(escaped).append('\n');
        }
        roff.append(".fi\n");
    }
}
