package btrfs.workbench.cli;

import java.io.PrintStream;

/** Where a command writes: its result to {@code out}, problems and progress to {@code err}. */
record Io(PrintStream out, PrintStream err) {
}
