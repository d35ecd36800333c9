package btrfs.workbench.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The outcomes table of the btrfs-progs image sweep as Markdown: a summary per command, then one
 * row per run. The test writes it below target/; the copy committed in testdata/ is read back to
 * check that it still lists exactly what the sweep runs.
 */
final class SweepTable {

    static final String FILE_NAME = "progs-images-sweep.md";
    static final String RUNS_HEADING = "## Runs";
    static final String SUMMARY_HEADING = "## Summary";

    private static final String ROW_HEADER = "| filesystem | command | exit | s | stderr lines | first stderr line | output |";
    private static final String SUMMARY_HEADER = "| command | runs | exit 0 | exit 1 | exit 2 | slowest s |";
    /** A cell separator: a pipe not escaped by a backslash. */
    private static final Pattern CELL_SEPARATOR = Pattern.compile("(?<!\\\\)\\|");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run as the table shows it. */
    record Row(String filesystem, String command, int exit, double seconds, int stderrLines, String firstStderr,
            String output) {

        /** The pair the staleness check compares. */
        String pair() {
            return filesystem + " :: " + command;
        }

        String kind() {
            return command.split(" ", 2)[0];
        }
    }

    /** Runs, exits and the slowest run of one command kind. */
    record Counts(int runs, int exit0, int exit1, int exit2, double slowest) {

        Counts plus(Row row) {
            return new Counts(runs + 1, exit0 + (row.exit() == 0 ? 1 : 0), exit1 + (row.exit() == 1 ? 1 : 0),
                    exit2 + (row.exit() == 2 ? 1 : 0), Math.max(slowest, row.seconds()));
        }
    }

    private SweepTable() {
    }

    static Row row(SweepRunner.Outcome outcome) {
        SweepPlan.Invocation invocation = outcome.invocation();
        String err = invocation.target().anonymise(outcome.run().err());
        List<String> errLines = err.lines().toList();
        return new Row(invocation.target().name(), invocation.label(), outcome.run().exit(), outcome.seconds(),
                errLines.size(), errLines.isEmpty() ? "" : errLines.get(0), output(invocation, outcome.run().out()));
    }

    /** What the command printed, counted: the filesystems found, copies, chunks, blocks, errors. */
    static String output(SweepPlan.Invocation invocation, String out) {
        List<String> lines = out.lines().toList();
        return switch (invocation.command().get(0)) {
            case "scan" -> count(lines, "Label:") + " filesystems, " + count(lines, "\tdevid ") + " devices";
            case "super" -> count(lines, "\tcopy ") + " copies, " + lines.stream().filter(l -> l.startsWith("\tcopy ")
                    && l.contains("invalid:")).count() + " invalid";
            case "chunks" -> lines.stream().filter(l -> !l.isEmpty() && Character.isDigit(l.charAt(0))).count() + " chunks";
            case "tree-blocks" -> count(lines, "node ") + " nodes, " + count(lines, "leaf ") + " leaves";
            case "readahead" -> readaheadOutput(out);
            default -> lines.size() + " lines";
        };
    }

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    private static String readaheadOutput(String json) {
        if (json.isBlank()) {
            return "no report";
        }
        try {
            JsonNode report = JSON.readTree(json);
            return report.path("blocks").asLong() + " blocks, " + report.path("generation_skips").asLong()
                    + " generation skips, " + report.path("errors").size() + " errors";
        } catch (java.io.IOException e) {
            return "not JSON: " + e.getMessage().lines().findFirst().orElse("");
        }
    }

    /** Counts per command kind in the order the sweep runs them, and "all". */
    static Map<String, Counts> summary(List<Row> rows) {
        List<String> order = List.of("scan", "super", "chunks", "tree-blocks", "readahead");
        Map<String, Counts> counts = new TreeMap<>(Comparator.comparingInt((String k) -> order.contains(k)
                ? order.indexOf(k) : order.size()).thenComparing(Comparator.naturalOrder()));
        Counts all = new Counts(0, 0, 0, 0, 0);
        for (Row row : rows) {
            counts.merge(row.kind(), new Counts(0, 0, 0, 0, 0).plus(row), SweepTable::add);
            all = all.plus(row);
        }
        counts.put("all", all);
        return counts;
    }

    private static Counts add(Counts a, Counts b) {
        return new Counts(a.runs() + b.runs(), a.exit0() + b.exit0(), a.exit1() + b.exit1(), a.exit2() + b.exit2(),
                Math.max(a.slowest(), b.slowest()));
    }

    static String render(List<Row> rows, int filesystems, int images) {
        StringBuilder md = new StringBuilder();
        md.append("# btrfs-progs image sweep\n\n");
        md.append("Generated by `ProgsImagesRobustnessTest` (plugins/btrfs.workbench.cli.tests) from a real run over the ")
                .append(filesystems).append(" filesystems (").append(images).append(" images) of ")
                .append("`../shared/testdata/btrfs-progs-images/`, many of them corrupt or fuzzed: each through `scan`, ")
                .append("`super`, `chunks`, `tree-blocks` for every tree it has (as far as its root tree can be read, ")
                .append("else the standard trees) and one `readahead --json` of all those trees. Every run must end ")
                .append("within 20 s with exit 0, 1 or 2, one line per problem on stderr and no stack trace. ")
                .append("Seconds are wall time on the 2-core development machine, two runs at a time; a readahead's ")
                .append("block count varies between runs where trees share blocks (a shared block is read once for ")
                .append("all trees that wait for it at that moment, again for a tree that comes later). ")
                .append("Regenerate: run the CLI tests, then `cp target/").append(FILE_NAME).append(" testdata/`; ")
                .append("a test fails while this table lists a filesystem/command pair the sweep does not run, ")
                .append("or misses one.\n\n");
        md.append(SUMMARY_HEADING).append("\n\n").append(renderSummary(summary(rows))).append('\n');
        md.append(RUNS_HEADING).append("\n\n").append(ROW_HEADER).append('\n').append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(String.join(" | ", escape(row.filesystem()), escape(row.command()),
                    Integer.toString(row.exit()), seconds(row.seconds()), Integer.toString(row.stderrLines()),
                    escape(row.firstStderr()), escape(row.output()))).append(" |\n");
        }
        return md.toString();
    }

    static String renderSummary(Map<String, Counts> summary) {
        StringBuilder md = new StringBuilder(SUMMARY_HEADER).append('\n').append("|---|---|---|---|---|---|\n");
        summary.forEach((kind, c) -> md.append("| ").append(kind).append(" | ").append(c.runs()).append(" | ")
                .append(c.exit0()).append(" | ").append(c.exit1()).append(" | ").append(c.exit2()).append(" | ")
                .append(seconds(c.slowest())).append(" |\n"));
        return md.toString();
    }

    /** The rows of a rendered table (the Runs section). */
    static List<Row> parseRows(String markdown) {
        List<Row> rows = new ArrayList<>();
        boolean inRuns = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("## ")) {
                inRuns = line.equals(RUNS_HEADING);
            } else if (inRuns && line.startsWith("| ") && !line.equals(ROW_HEADER)) {
                rows.add(parseRow(line));
            }
        }
        return rows;
    }

    /** The summary table exactly as rendered, to compare with one computed from the rows. */
    static String summarySection(String markdown) {
        int start = markdown.indexOf(SUMMARY_HEADING);
        int end = markdown.indexOf(RUNS_HEADING);
        return start < 0 || end < start ? "" : markdown.substring(start + SUMMARY_HEADING.length(), end).strip() + "\n";
    }

    private static Row parseRow(String line) {
        String[] cells = CELL_SEPARATOR.split(line.substring(1, line.length() - 1).strip(), -1);
        if (cells.length != 7) {
            throw new IllegalArgumentException("a row has 7 cells: " + line);
        }
        return new Row(unescape(cells[0]), unescape(cells[1]), Integer.parseInt(cells[2].strip()),
                Double.parseDouble(cells[3].strip()), Integer.parseInt(cells[4].strip()), unescape(cells[5]),
                unescape(cells[6]));
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }

    private static String unescape(String cell) {
        return cell.strip().replace("\\|", "|");
    }
}
