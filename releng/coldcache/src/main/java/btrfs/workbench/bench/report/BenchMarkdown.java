package btrfs.workbench.bench.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.bench.system.VmTime;

/** The result as Markdown: what the terminal shows and what docs/benchmarks.md holds. */
public final class BenchMarkdown {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private BenchMarkdown() {
    }

    public static String render(BenchResult result) {
        StringBuilder md = new StringBuilder();
        header(md, result);
        arrays(md, result);
        methods(md, result);
        ratios(md, result);
        acceptance(md, result);
        scaling(md, result);
        errors(md, result);
        return md.toString();
    }

    private static void header(StringBuilder md, BenchResult r) {
        Environment e = r.environment();
        md.append(String.format(Locale.ROOT, "Cold-cache benchmark%s, %s, %.0f s in all.%n%n", r.quick() ? " (--quick)"
                : "", WHEN.format(r.started()), r.totalSeconds()));
        md.append(String.format(Locale.ROOT, "Every sample starts cold (`sync; echo 3 > /proc/sys/vm/drop_caches`) "
                + "after every copy of the array's metadata was read once, untimed (the host's cache below the "
                + "images alike for all); arrays and methods interleaved, the methods cut into %d parts, each run "
                + "beginning with another and walking them another way (each method after another one in each "
                + "run); the engine's code through the JIT first until a "
                + "pass over the smallest array compiled under %d ms, and each array's readaheads once, untimed, "
                + "in the first run; %d runs each, the median counts. Machine: %d CPUs "
                + "(%s), kernel %s, %s; %s. Engine: %s.%n%n", r.runs(), VmTime.QUIET_COMPILE_MILLIS, r.runs(),
                e.cpus(), e.load(), e.kernel(), e.progs(), e.storage(), e.engine()));
    }

    private static void arrays(StringBuilder md, BenchResult r) {
        md.append("| array | layout | metadata in use | metadata block groups | fs-tree blocks | all-tree blocks "
                + "| snapshots |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (ArrayResult a : r.arrays()) {
            ArrayFacts f = a.facts();
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f MiB | %d | %d | %d | %d |%n", f.name(), f.layout(),
                    f.metadataUsed() / 1048576.0, f.metadataGroups(), f.fsBlocks(), f.allBlocks(), f.snapshots()));
        }
        md.append('\n');
    }

    private static void methods(StringBuilder md, BenchResult r) {
        md.append("| array | method | reads | median s | runs s | MB/s | blocks/s | × reada | × floor |\n"
                + "|---|---|---|---:|---|---:|---:|---:|---:|\n");
        for (ArrayResult a : r.arrays()) {
            for (MethodResult m : a.methods()) {
                if (m.measured()) {
                    md.append(methodRow(a, m));
                }
            }
        }
        md.append('\n');
    }

    private static String methodRow(ArrayResult a, MethodResult m) {
        String runs = m.runs().stream().map(BenchMarkdown::seconds).collect(Collectors.joining(" "));
        Optional<Double> floor = a.ratio(m.method(), Method.LIMIT_ONE_COPY);
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.0f | %.0f | %s | %s |%n", a.facts().name(),
                m.method().label(), m.method().scope().label(), seconds(m.median()), runs, m.megabytesPerSecond(),
                m.blocksPerSecond(), ratio(a.versusReada(m)), ratio(floor));
    }

    private static void ratios(StringBuilder md, BenchResult r) {
        md.append("| array |");
        for (Ratio ratio : Ratio.values()) {
            md.append(' ').append(ratio.label()).append(" (").append(ratio.scope()).append(") |");
        }
        md.append("\n|---|").append("---:|".repeat(Ratio.values().length)).append('\n');
        for (ArrayResult a : r.arrays()) {
            md.append("| ").append(a.facts().name()).append(" |");
            for (Ratio ratio : Ratio.values()) {
                md.append(' ').append(ratio(a.ratio(ratio))).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /** The bounds, array by array. */
    private static void acceptance(StringBuilder md, BenchResult r) {
        for (ArrayResult array : r.arrays()) {
            md.append("Acceptance on ").append(array.facts().name()).append(":");
            for (Ratio ratio : Ratio.values()) {
                Optional<Double> value = array.ratio(ratio);
                if (ratio.bound() != Ratio.Bound.NONE && value.isPresent()) {
                    md.append(String.format(Locale.ROOT, " %s (%s) = %.2f (%s %s: %s);", ratio.label(),
                            ratio.scope(), value.get(), ratio.bound().symbol(), number(ratio.limit()),
                            ratio.passes(value.get()).orElseThrow() ? "met" : "**not met**"));
                }
            }
            md.setLength(md.length() - 1);
            md.append(".\n\n");
        }
    }

    private static void scaling(StringBuilder md, BenchResult r) {
        if (r.scaling().isEmpty()) {
            return;
        }
        md.append("Scaling, fs-tree readahead:\n\n| array | fs-tree blocks | median s | µs per block |\n"
                + "|---|---:|---:|---:|\n");
        for (ScalingPoint p : r.scaling()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.1f |%n", p.array(), p.blocks(),
                    seconds(p.median()), p.median() / p.blocks() * 1e6));
        }
        Stats.Fit fit = r.scalingFit();
        md.append(String.format(Locale.ROOT, "%nLeast squares: t = %.3f s + %.2f µs × blocks, R² = %.4f.%n%n",
                fit.intercept(), fit.slope() * 1e6, fit.r2()));
    }

    private static void errors(StringBuilder md, BenchResult r) {
        for (ArrayResult a : r.arrays()) {
            for (MethodResult m : a.methods()) {
                for (String error : m.errors()) {
                    md.append("- failed run: ").append(a.facts().name()).append(' ').append(m.method().id())
                            .append(": ").append(error).append('\n');
                }
            }
        }
    }

    static String seconds(double s) {
        if (!Double.isFinite(s)) {
            return "–";
        }
        return String.format(Locale.ROOT, s >= 10 ? "%.1f" : s >= 1 ? "%.2f" : "%.3f", s);
    }

    private static String ratio(Optional<Double> value) {
        return value.filter(Double::isFinite).map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("–");
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
