package btrfs.workbench.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import btrfs.workbench.testsupport.TestArray;

/** One in-process run of the CLI, as the tests see it: exit code, stdout, stderr. */
record Run(int exit, String out, String err) {

    static final String VERSION = "1.2.3";

    static Run of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Cli(VERSION).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run of(List<String> args) {
        return of(args.toArray(String[]::new));
    }

    /**
     * {@code args} followed by every compressed device image of {@code array}, in reverse order
     * to show the order does not matter.
     */
    static Run on(TestArray array, String... args) {
        return of(withDevices(array, args));
    }

    static List<String> withDevices(TestArray array, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        List<String> devices = new ArrayList<>(array.compressedImages().stream().map(Object::toString).toList());
        Collections.reverse(devices);
        all.addAll(devices);
        return all;
    }
}
