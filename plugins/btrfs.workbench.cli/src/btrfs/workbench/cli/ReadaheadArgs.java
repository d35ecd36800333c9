package btrfs.workbench.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.metadata.tree.Key;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.io.IoModel;

/**
 * The arguments of {@code readahead}:
 * {@code --tree T [--tree T2 ...] [--start KEY] [--end KEY] [--strategy reada|naive]
 * [--max-in-flight N] [--coalesce|--no-coalesce] [--coalesce-gap SIZE] [--no-failover | --scrub]
 * [--priority background|normal] [--direct]
 * [--latency-ms X] [--bandwidth MBPS] [--seek-model none|hdd] [--read-timeout SECONDS]
 * [--follow-leaves] [--restart-on-generation]
 * [--json] [--list-blocks] [--trace FILE] [--record FILE] [--snapshot FILE [--snapshot-every SECONDS]] DEV...}
 */
record ReadaheadArgs(List<Long> trees, List<String> treeArgs, Key start, Key end, Strategy strategy,
        int maxInFlight, boolean coalesce, int coalesceGap, boolean failover, boolean scrub, boolean background,
        boolean direct, IoModel io, Duration readTimeout, boolean json, boolean listBlocks, Path trace,
        Path record,
        Path snapshot, Duration snapshotEvery, List<String> devices, Following following) {

    static final String USAGE = "--tree T [--tree T2...] [--start KEY] [--end KEY] [--strategy reada|naive] "
            + "[--max-in-flight N] [--coalesce|--no-coalesce] [--coalesce-gap SIZE] [--no-failover | --scrub] "
            + "[--priority background|normal] [--direct] [--latency-ms X] [--bandwidth MBPS] [--seek-model none|hdd] "
            + "[--read-timeout SECONDS] [--follow-leaves] [--restart-on-generation] "
            + "[--json] [--list-blocks] [--trace FILE] [--record FILE] [--snapshot FILE [--snapshot-every SECONDS]] "
            + "DEV...  read trees ahead as the kernel's reada.c "
            + "(KEY: objectid,type,offset)";

    /**
     * Whether nearby blocks are read as one I/O unless told otherwise: yes, since it wins in the
     * cold-cache benchmark ({@code releng/bench-coldcache.sh}: reading all trees of its RAID1 takes
     * 1.1 to 1.7 times as long without); {@code --no-coalesce} reads each on its own, as the kernel.
     */
    static final boolean COALESCE_BY_DEFAULT = true;

    /** More than any device queue takes; a typo like 6000 is caught. */
    private static final int MAX_IN_FLIGHT_LIMIT = 1024;

    static ReadaheadArgs parse(List<String> args) throws CliException {
        List<String> rest = new ArrayList<>(args);
        boolean json = rest.remove("--json");
        boolean listBlocks = rest.remove("--list-blocks");
        boolean direct = rest.remove("--direct");
        Following following = new Following(rest.remove("--follow-leaves"), rest.remove("--restart-on-generation"));
        boolean coalesceOn = rest.remove("--coalesce");
        boolean coalesceOff = rest.remove("--no-coalesce");
        if (coalesceOn && coalesceOff) {
            throw CliException.usage("--coalesce and --no-coalesce exclude each other");
        }
        String gap = Options.take(rest, "--coalesce-gap");
        if (gap != null && coalesceOff) {
            throw CliException.usage("--coalesce-gap and --no-coalesce exclude each other");
        }
        boolean coalesce = coalesceOn || gap != null || (!coalesceOff && COALESCE_BY_DEFAULT);
        int coalesceGap = gap == null ? ReadaheadConfig.COALESCE_GAP_BYTES
                : (int) size(gap, "--coalesce-gap", ReadaheadConfig.COALESCE_BYTES);
        boolean failover = !rest.remove("--no-failover");
        boolean scrub = rest.remove("--scrub");
        if (scrub && !failover) {
            // scrub reads every copy anyway: there is no other copy to fail over to or not
            throw CliException.usage("--scrub reads every copy of every block: --no-failover does not apply");
        }
        String priority = Options.take(rest, "--priority");
        if (priority != null && !priority.equals("background") && !priority.equals("normal")) {
            throw CliException.usage("--priority is background or normal, not '" + priority + "'");
        }
        boolean background = !"normal".equals(priority);
        List<String> treeArgs = new ArrayList<>();
        for (String t = Options.take(rest, "--tree"); t != null; t = Options.take(rest, "--tree")) {
            treeArgs.add(t);
        }
        if (treeArgs.isEmpty()) {
            throw CliException.usage("readahead needs --tree T (" + TreeNames.HELP + "), once per tree");
        }
        List<Long> trees = new ArrayList<>();
        for (String t : treeArgs) {
            trees.add(TreeNames.parse(t));
        }
        Key start = key(Options.take(rest, "--start"), Key.MIN);
        Key end = key(Options.take(rest, "--end"), Key.MAX);
        if (end.isBefore(start)) {
            throw CliException.usage("--end " + end.toArgument() + " is before --start " + start.toArgument());
        }
        Strategy strategy = strategy(Options.take(rest, "--strategy"));
        if (following.any() && strategy != Strategy.READA) {
            throw CliException.usage("--follow-leaves and --restart-on-generation need --strategy reada");
        }
        if (scrub && strategy != Strategy.READA) {
            throw CliException.usage("--scrub needs --strategy reada (the naive walk reads one copy of each block)");
        }
        int maxInFlight = (int) number(Options.take(rest, "--max-in-flight"), "--max-in-flight",
                ReadaheadConfig.MAX_IN_FLIGHT, 1, MAX_IN_FLIGHT_LIMIT);
        IoModel io = ioModel(rest);
        Duration readTimeout = readTimeout(Options.take(rest, "--read-timeout"));
        String trace = Options.take(rest, "--trace");
        String record = Options.take(rest, "--record");
        String snapshot = Options.take(rest, "--snapshot");
        String every = Options.take(rest, "--snapshot-every");
        if (every != null && snapshot == null) {
            throw CliException.usage("--snapshot-every needs --snapshot FILE, which names the numbered files");
        }
        Duration snapshotEvery = every == null ? null
                : RunOutputs.every(number(every, "--snapshot-every", 0, 0.01, 86_400));
        Options.rejectUnknown(rest);
        return new ReadaheadArgs(List.copyOf(trees), List.copyOf(treeArgs), start, end, strategy, maxInFlight,
                coalesce, coalesceGap, failover, scrub, background, direct, io, readTimeout, json, listBlocks,
                path(trace), path(record), path(snapshot), snapshotEvery, List.copyOf(rest), following);
    }

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
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

    private static Strategy strategy(String text) throws CliException {
        try {
            return text == null ? Strategy.READA : Strategy.of(text);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    private static IoModel ioModel(List<String> rest) throws CliException {
        double latencyMs = number(Options.take(rest, "--latency-ms"), "--latency-ms", 0, 0, 60_000);
        double mbps = number(Options.take(rest, "--bandwidth"), "--bandwidth", 0, 0.001, 1_000_000);
        String seekModel = Options.take(rest, "--seek-model");
        if (seekModel != null && !seekModel.equals("none") && !seekModel.equals("hdd")) {
            throw CliException.usage("--seek-model is none or hdd, not '" + seekModel + "'");
        }
        return new IoModel(Duration.ofNanos((long) (latencyMs * 1e6)), (long) (mbps * 1e6), "hdd".equals(seekModel));
    }

    /** A device read not answered within this fails (0: wait forever); see ReadaheadConfig#readTimeout. */
    private static Duration readTimeout(String text) throws CliException {
        double seconds = number(text, "--read-timeout", ReadaheadConfig.READ_TIMEOUT.toSeconds(), 0, 86_400);
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private static double number(String text, String option, double otherwise, double min, double max)
            throws CliException {
        if (text == null) {
            return otherwise;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw CliException.usage(option + " needs a number, not '" + text + "'");
        }
        if (!(value >= min && value <= max)) {
            throw CliException.usage(option + " must be between " + fmt(min) + " and " + fmt(max) + ", not " + text);
        }
        if (option.equals("--max-in-flight") && value != Math.rint(value)) {
            throw CliException.usage(option + " needs a whole number, not " + text);
        }
        return value;
    }

    /** A byte count: a whole number, optionally with the suffix K or M (KiB, MiB), from 0 to max. */
    private static long size(String text, String option, long max) throws CliException {
        String digits = text.toUpperCase(java.util.Locale.ROOT);
        long unit = digits.endsWith("K") ? 1024 : digits.endsWith("M") ? 1024 * 1024 : 1;
        if (unit > 1) {
            digits = digits.substring(0, digits.length() - 1);
        }
        long value;
        try {
            value = Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            throw CliException.usage(option + " needs a size such as 65536, 64K or 1M, not '" + text + "'");
        }
        if (value < 0 || value > max) {
            throw CliException.usage(option + " must be between 0 and " + max + " bytes, not " + text);
        }
        return value;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
