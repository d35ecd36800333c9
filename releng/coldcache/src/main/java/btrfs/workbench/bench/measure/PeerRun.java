package btrfs.workbench.bench.measure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.testsupport.SystemCommands;

/** btrfs-progs reading the same array, timed from start to exit, output to /dev/null. */
final class PeerRun {

    /** btrfs check of a large array takes minutes; an hour means something hangs. */
    private static final Duration TIMEOUT = Duration.ofHours(1);

    private PeerRun() {
    }

    /** {@code btrfs inspect-internal dump-tree -t fs DEV... >/dev/null}. */
    static Sample dumpTree(SystemCommands commands, Path scratch, List<Path> devices) {
        List<String> command = new ArrayList<>(List.of("btrfs", "inspect-internal", "dump-tree", "-t", "fs"));
        devices.forEach(d -> command.add(d.toString()));
        return time(commands, scratch, command);
    }

    /** {@code btrfs check --readonly DEV}: it finds the other devices of the array itself. */
    static Sample check(SystemCommands commands, Path scratch, List<Path> devices) {
        return time(commands, scratch, List.of("btrfs", "check", "--readonly", devices.get(0).toString()));
    }

    private static Sample time(SystemCommands commands, Path scratch, List<String> command) {
        long started = System.nanoTime();
        SystemCommands.Result result = commands.discardOutput(TIMEOUT, scratch.resolve("peer-stderr.txt"),
                command.toArray(String[]::new));
        double seconds = (System.nanoTime() - started) / 1e9;
        String error = result.ok() ? null : String.join(" ", command.subList(0, 3)) + " exit " + result.exit() + ": "
                + result.tail();
        return new Sample(seconds, -1, -1, error);
    }
}
