package btrfs.workbench.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import btrfs.workbench.bench.array.ArrayBuilder;
import btrfs.workbench.bench.array.ArraySpec;
import btrfs.workbench.bench.array.AttachedArray;
import btrfs.workbench.bench.array.BuiltArray;
import btrfs.workbench.bench.array.LoopMode;
import btrfs.workbench.bench.measure.Measurer;
import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.bench.measure.Sample;
import btrfs.workbench.bench.report.ArrayResult;
import btrfs.workbench.bench.report.BenchResult;
import btrfs.workbench.bench.report.Environment;
import btrfs.workbench.bench.report.ScalingPoint;
import btrfs.workbench.bench.report.Timeline;
import btrfs.workbench.bench.system.ColdCache;
import btrfs.workbench.bench.system.VmTime;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.testsupport.Loops;
import btrfs.workbench.testsupport.SystemCommands;

/**
 * One benchmark run: build or reuse the plan's arrays, attach them read-only, take every
 * sample cold (arrays and methods interleaved, run after run), and assemble the result. Needs
 * root; {@link btrfs.workbench.bench.system.Prerequisites} says so before this starts.
 */
public final class BenchRunner {

    /** Passes of the JIT warm-up over the smallest array (see {@link #warmUp}): at least, at most. */
    private static final int WARM_UP_PASSES = 3;
    private static final int MAX_WARM_UP_PASSES = 15;
    /** The methods the warm-up runs: every path of the engine the samples take. */
    private static final List<Method> WARM_UP_METHODS = List.of(Method.READA_ALL, Method.READA_FS, Method.NAIVE_FS,
            Method.NAIVE_DIRECT_FS, Method.DIRECT_ALL, Method.NO_STREAM_ALL, Method.NO_STREAM_FS,
            Method.UNCOALESCED_ALL, Method.HELP_ALL, Method.LIMIT, Method.LIMIT_ONE_COPY);

    private final SystemCommands commands;
    private final Path work;
    private final PrintStream log;

    /**
     * @param work              where arrays are cached ({@code arrays/}) and scratch files go
     * @param log               progress, one line per step
     */
    public BenchRunner(Path work, PrintStream log) {
        this.work = work;
        this.log = log;
        this.commands = SystemCommands.withBlkidCache(work.resolve("blkid.tab"));
    }

    public SystemCommands commands() {
        return commands;
    }

    public BenchRun run(BenchPlan plan, boolean quick) throws BenchException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Map<ArraySpec, BuiltArray> built = build(plan);
        try (Loops loops = new Loops(commands)) {
            Map<String, AttachedArray> attached = attach(plan, built, loops);
            double loadBefore = EngineSettings.loadAverage();
            Samples samples = measure(plan, attached);
            List<Path> devices = attached.values().stream().flatMap(a -> a.devices().stream()).toList();
            Environment environment = EngineSettings.environment(commands, Measurer.spec(Method.READA_ALL, devices)
                    .engineConfig(), RunSpec.COALESCE_BY_DEFAULT, work, devices, loadBefore, EngineSettings.loadAverage());
            BenchResult result = assemble(plan, quick, attached, samples, environment, started,
                    (System.nanoTime() - t0) / 1e9);
            return new BenchRun(result, timelines(result, samples));
        }
    }

    private Map<ArraySpec, BuiltArray> build(BenchPlan plan) throws BenchException {
        ArrayBuilder builder = new ArrayBuilder(commands, work, log);
        Map<ArraySpec, BuiltArray> built = new LinkedHashMap<>();
        for (ArraySpec spec : plan.arrays()) {
            built.put(spec, builder.obtain(spec));
        }
        return built;
    }

    /** Every compared array in every loop mode, the scaling-only ones in the first; by result name. */
    private Map<String, AttachedArray> attach(BenchPlan plan, Map<ArraySpec, BuiltArray> built, Loops loops)
            throws BenchException {
        Map<String, AttachedArray> attached = new LinkedHashMap<>();
        for (Map.Entry<ArraySpec, BuiltArray> e : built.entrySet()) {
            List<LoopMode> modes = plan.compared().contains(e.getKey()) ? plan.loopModes()
                    : plan.loopModes().subList(0, 1);
            for (LoopMode mode : modes) {
                AttachedArray a = AttachedArray.attach(e.getValue(), mode, loops);
                attached.put(a.name(), a);
            }
        }
        loops.settle();
        return attached;
    }

    /** Every run goes over every array and method once, each sample started cold ({@link #startCold}). */
    private Samples measure(BenchPlan plan, Map<String, AttachedArray> attached) throws BenchException {
        Path scratch = scratch();
        Measurer measurer = new Measurer(commands, scratch);
        ColdCache cache = new ColdCache(commands);
        LoopMode first = plan.loopModes().get(0);
        warmUp(measurer, attached.get(AttachedArray.name(plan.warmUp(), first)), log);
        Samples samples = new Samples();
        for (int run = 0; run < plan.runs(); run++) {
            for (ArraySpec spec : plan.compared()) {
                for (LoopMode mode : plan.loopModes()) {
                    AttachedArray array = attached.get(AttachedArray.name(spec, mode));
                    prime(measurer, array, run == 0);
                    for (Method method : plan.order(run)) {
                        sample(measurer, cache, samples, array, method, run, plan.runs());
                    }
                }
            }
            for (ArraySpec spec : plan.scalingOnly()) {
                sample(measurer, cache, samples, attached.get(AttachedArray.name(spec, first)), Method.READA_FS, run,
                        plan.runs());
            }
        }
        return samples;
    }

    /**
     * The engine's code through the JIT on the smallest array, so that no timed run pays for
     * compiling it: at least {@link #WARM_UP_PASSES} times, since once left the stream's path
     * partly interpreted (measured in process on raid1-4dev, all trees streamed: the first three
     * cold runs 1.3-2.9 s, the later ones 0.65-0.9 s), and on until a pass compiles less than
     * {@link VmTime#QUIET_COMPILE_MILLIS}: after three passes of six methods the compiler still took
     * 10-140 ms during single streamed runs of 0.13 s (raid1-4dev-dense, in process), a CPU of two.
     */
    static void warmUp(Measurer measurer, AttachedArray array, PrintStream log) throws BenchException {
        log.printf("warming up the engine on %s%n", array.name());
        for (int pass = 1; pass <= MAX_WARM_UP_PASSES; pass++) {
            long compiled = VmTime.compileMillis();
            for (Method method : WARM_UP_METHODS) {
                measurer.measure(method, array);
            }
            compiled = VmTime.compileMillis() - compiled;
            log.printf("warm-up pass %d: %d ms compiling%n", pass, compiled);
            if (pass >= WARM_UP_PASSES && compiled < VmTime.QUIET_COMPILE_MILLIS) {
                return;
            }
        }
    }

    /**
     * In the first run, the engine's readaheads go once over the array untimed before its methods:
     * its shape (more block groups, deeper trees than the warm-up array's) still made the JIT
     * compile 110-290 ms during the first streamed samples.
     */
    static void prime(Measurer measurer, AttachedArray array, boolean first) throws BenchException {
        if (first) {
            for (Method method : List.of(Method.READA_ALL, Method.READA_FS, Method.NO_STREAM_ALL)) {
                measurer.measure(method, array);
            }
        }
    }

    /**
     * Cold for the guest, alike for the host: every copy of the array's metadata read once, untimed,
     * then the guest's caches dropped. {@code drop_caches} empties the guest's page cache, not the
     * host's below the image files, and the host keeps what was read last: once per array and run
     * (until 2026-12-08) left each sample the host's cache as its predecessor had left it (in
     * process on raid10-4dev/buffered, naive through the page cache took 1.39 s after {@code naive
     * --direct}, which had just read the same blocks, 1.47 s after the all-copies read and 1.88 s
     * after the streamed readahead). Read before every sample, the host holds the same for all.
     */
    static void startCold(Measurer measurer, ColdCache cache, AttachedArray array) throws BenchException {
        cache.drop();
        measurer.measure(Method.LIMIT, array);
        cache.drop();
    }

    private void sample(Measurer measurer, ColdCache cache, Samples samples, AttachedArray array, Method method,
            int run, int runs) throws BenchException {
        startCold(measurer, cache, array);
        long compiled = VmTime.compileMillis();
        long collected = VmTime.gcMillis();
        Sample sample = measurer.measure(method, array);
        compiled = VmTime.compileMillis() - compiled;
        collected = VmTime.gcMillis() - collected;
        samples.add(array.name(), method, sample);
        log.printf(Locale.ROOT, "run %d/%d  %-18s %-20s %-10s %8.3f s  (jit %d ms, gc %d ms)%s%n", run + 1, runs,
                array.name(), method.label(), method.scope().label(), sample.seconds(), compiled, collected,
                sample.failed() ? "  FAILED: " + sample.error() : "");
    }

    Path scratch() throws BenchException {
        try {
            return Files.createDirectories(work.resolve("scratch"));
        } catch (IOException e) {
            throw new BenchException("cannot create " + work.resolve("scratch") + ": " + e.getMessage(), e);
        }
    }

    /** The median run's timeline of the engine's readaheads on every compared array. */
    private static List<Timeline> timelines(BenchResult result, Samples samples) {
        List<Timeline> timelines = new ArrayList<>();
        for (ArrayResult array : result.arrays()) {
            for (Method method : List.of(Method.READA_FS, Method.READA_ALL)) {
                samples.medianTimeline(array.facts().name(), method).ifPresent(timelines::add);
            }
        }
        return timelines;
    }

    private static BenchResult assemble(BenchPlan plan, boolean quick, Map<String, AttachedArray> attached,
            Samples samples, Environment environment, Instant started, double seconds) {
        List<ArrayResult> arrays = new ArrayList<>();
        for (ArraySpec spec : plan.compared()) {
            for (LoopMode mode : plan.loopModes()) {
                String name = AttachedArray.name(spec, mode);
                arrays.add(Assembly.array(attached.get(name), samples.of(name)));
            }
        }
        List<ScalingPoint> scaling = new ArrayList<>();
        for (ArraySpec spec : plan.scaling()) {
            String name = AttachedArray.name(spec, plan.loopModes().get(0));
            scaling.add(Assembly.scaling(spec.name(), samples.of(name).getOrDefault(Method.READA_FS, List.of())));
        }
        return new BenchResult(started, seconds, quick, plan.runs(), environment, arrays, scaling);
    }
}
