package btrfs.workbench.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import btrfs.workbench.bench.array.ArrayBuilder;
import btrfs.workbench.bench.array.ArraySpec;
import btrfs.workbench.bench.array.AttachedArray;
import btrfs.workbench.bench.array.BuiltArray;
import btrfs.workbench.bench.measure.Measurer;
import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.bench.measure.Sample;
import btrfs.workbench.bench.report.Stats;
import btrfs.workbench.bench.report.Timeline;
import btrfs.workbench.bench.system.BlockCounters;
import btrfs.workbench.bench.system.ColdCache;
import btrfs.workbench.bench.system.VmTime;
import btrfs.workbench.bench.system.WatchedDisks;
import btrfs.workbench.testsupport.Loops;

/**
 * {@code bench probe}: a few methods on one array, alternating cold samples in this process, each
 * printed with what the machine did meanwhile (process CPU, JIT, GC, every device's reads from the
 * engine's timeline, the loop devices' and the disk's request counters). Where the full run says
 * how far from the floor an array is, the probe says why: it found the requests a 1 MiB read
 * was cut into (the disk's merges) that the huge pages removed.
 */
final class ProbeRunner {

    private final BenchRunner runner;
    private final PrintStream out;
    private final PrintStream log;

    ProbeRunner(BenchRunner runner, PrintStream out, PrintStream log) {
        this.runner = runner;
        this.out = out;
        this.log = log;
    }

    /** One sample's measurements besides its own. */
    record Context(double cpuSeconds, long jitMillis, long gcMillis, Map<String, BlockCounters> disks) {
    }

    void run(ProbeArgs args) throws BenchException {
        ArraySpec spec = spec(args);
        BuiltArray built = new ArrayBuilder(runner.commands(), args.work(), log).obtain(spec);
        try (Loops loops = new Loops(runner.commands())) {
            AttachedArray array = AttachedArray.attach(built, args.mode(), loops);
            loops.settle();
            Measurer measurer = new Measurer(runner.commands(), runner.scratch());
            ColdCache cache = new ColdCache(runner.commands());
            BenchRunner.warmUp(measurer, array, log);
            BenchRunner.prime(measurer, array, true);
            WatchedDisks disks = WatchedDisks.of(array.devices(), args.work());
            Map<Method, List<Double>> seconds = new EnumMap<>(Method.class);
            Map<Method, List<Double>> cpu = new EnumMap<>(Method.class);
            List<Method> methods = args.methods();
            for (int round = 0; round < args.rounds(); round++) {
                for (int k = 0; k < methods.size(); k++) {
                    Method method = methods.get((k + round) % methods.size()); // each method at each place
                    BenchRunner.startCold(measurer, cache, array);
                    Map<String, BlockCounters> before = disks.now();
                    double cpu0 = processCpuSeconds();
                    long jit = VmTime.compileMillis();
                    long gc = VmTime.gcMillis();
                    Sample sample = measurer.measure(method, array);
                    Context context = new Context(processCpuSeconds() - cpu0, VmTime.compileMillis() - jit,
                            VmTime.gcMillis() - gc, WatchedDisks.since(before, disks.now()));
                    out.println(line(round, args.rounds(), method, sample, context));
                    seconds.computeIfAbsent(method, m -> new ArrayList<>()).add(sample.seconds());
                    cpu.computeIfAbsent(method, m -> new ArrayList<>()).add(context.cpuSeconds());
                }
            }
            seconds.forEach((method, s) -> out.println(median(method, s, cpu.get(method))));
        }
    }

    private static ArraySpec spec(ProbeArgs args) throws BenchException {
        BenchPlan plan = args.quick() ? BenchPlan.quick(1) : BenchPlan.full(1);
        for (ArraySpec spec : plan.arrays()) {
            if (spec.name().equals(args.array())) {
                return spec;
            }
        }
        throw new BenchException("no array '" + args.array() + "' in the " + (args.quick() ? "quick" : "full")
                + " plan; there are " + plan.arrays().stream().map(ArraySpec::name).collect(Collectors.joining(", ")));
    }

    private static double processCpuSeconds() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean unix ? unix.getProcessCpuTime() / 1e9
                : Double.NaN;
    }

    /** A sample's line: time, CPU, JIT, GC, each device's reads, each disk's requests. */
    static String line(int round, int rounds, Method method, Sample sample, Context context) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "round %d/%d  %-32s %7.3f s  cpu %.2f s  "
                + "jit %d ms  gc %d ms", round + 1, rounds, method.id(), sample.seconds(), context.cpuSeconds(),
                context.jitMillis(), context.gcMillis()));
        if (sample.failed()) {
            b.append("  FAILED: ").append(sample.error());
        }
        for (Timeline.Lane lane : sample.lanes()) {
            b.append(String.format(Locale.ROOT, "  [devid %d: %d MB in %d reads, %.3f-%.3f s, busy %.3f s]",
                    lane.devid(), lane.bytes() / 1_000_000, lane.reads().size(), lane.firstStart(), lane.lastEnd(),
                    lane.busySeconds()));
        }
        context.disks().forEach((name, c) -> b.append(String.format(Locale.ROOT,
                "  [%s: %d MB in %d requests, %d merged]", name, c.megabytes(), c.reads(), c.merged())));
        return b.toString();
    }

    /** A method's summary: median and range of its seconds, median CPU. */
    static String median(Method method, List<Double> seconds, List<Double> cpu) {
        return String.format(Locale.ROOT, "median  %-32s %7.3f s  (%.3f-%.3f over %d)  cpu %.2f s", method.id(),
                Stats.median(seconds), seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0), seconds.size(), Stats.median(cpu));
    }
}
