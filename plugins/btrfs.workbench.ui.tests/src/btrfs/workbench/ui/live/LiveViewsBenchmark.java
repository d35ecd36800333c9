package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.session.run.QueuePage;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.SideBySide;
import btrfs.workbench.ui.testing.UiLatencyProbe;
import btrfs.workbench.ui.testing.UiWait;

/**
 * Harness benchmark of issue 7 (not a test: run with {@code -Dbtrfs.workbench.bench=true}): the
 * same paced readahead of every tree of a RAID1 array, headless (no frames for any view) and
 * watched (every live view on screen at once, 20 Hz frames), interleaved; prints the median times
 * and their ratio, and how late the UI thread ran what it was asked to (see {@link UiLatencyProbe}):
 * idle, during a headless run (the engine's and the machine's share) and while watched, with the
 * causes of every stall. Fails when watching costs 5 % or more, or the UI thread is 50 ms late
 * while watched. Results go to target/live-views-benchmark.txt as well.
 * <p>
 * {@code -Dbtrfs.workbench.bench.views=heatmap,zones,...} watches with only those views open
 * (any of runs, zones, queue, pointers, heatmap; "none" for none), to bisect a cost.
 */
class LiveViewsBenchmark {

    private static final int STALLS_SHOWN = 12;
    private static final IoModel PACE = new IoModel(Duration.ofMillis(10), 0, false);
    private static final int ROUNDS = 7;
    /** The acceptance bound of issue 7: the UI thread never blocks longer than this. */
    private static final double BOUND_MS = 50;
    private static final Map<String, String> VIEWS = Map.of("runs", RunsView.ID, "zones", ZonesView.ID, "queue",
            QueueView.ID, "pointers", PointersView.ID, "heatmap", HeatmapView.ID);
    /** Pointers and Runs have places of their own; the other three share one folder and are split. */
    private static final List<String> STACKED = List.of(HeatmapView.ID, ZonesView.ID, QueueView.ID);

    @Test
    void watchingARunCostsLessThanFivePercentAndNeverBlocksTheUiFor50ms() throws Exception {
        assumeTrue(Boolean.getBoolean("btrfs.workbench.bench"), "benchmark: run with -Dbtrfs.workbench.bench=true");
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        BtrfsArray array = Launches.scanned(TestArrays.named("raid1-blake2-16k").dir());
        List<String> watchedViews = watchedViews();
        try {
            openOnly(page, watchedViews);
            // the per-block path: its queues and zones are what the views draw most of
            RunSpec settings = Launches.allTrees(array, PACE).toBuilder().streamZones(StreamZones.OFF).build();
            // one round first that is not counted: the first run after start loads classes,
            // icons and runs interpreted code, once per session (reported on its own)
            headlessSeconds(settings);
            UiLatencyProbe.Result warmUp = stopAfter(new UiLatencyProbe("warm-up, watched"), () -> watchedSeconds(settings));
            UiLatencyProbe.Result idle = idle(Duration.ofSeconds(2));
            List<Double> headless = new ArrayList<>();
            List<Double> watched = new ArrayList<>();
            List<UiLatencyProbe.Result> engineOnly = new ArrayList<>();
            List<UiLatencyProbe.Result> watching = new ArrayList<>();
            int[] frames = { 0 };
            List<Integer> perRound = new ArrayList<>();
            List<String> profile = List.of();
            RunRegistry.Listener counter = () -> frames[0]++;
            RunRegistry.get().addListener(counter);
            System.out.println("live views benchmark: measured rounds begin"); // e.g. for perf -t on the UI thread
            for (int round = 0; round < ROUNDS; round++) {
                UiLatencyProbe h = new UiLatencyProbe("headless run (no frames)");
                headless.add(headlessSeconds(settings));
                engineOnly.add(h.stop());
                UiLatencyProbe w = new UiLatencyProbe("watched run");
                int before = frames[0];
                watched.add(watchedSeconds(settings));
                watching.add(w.stop());
                profile = w.profile();
                perRound.add(frames[0] - before);
            }
            RunRegistry.get().removeListener(counter);
            UiLatencyProbe.Result engine = UiLatencyProbe.Result.merge("headless run (no frames)", engineOnly);
            UiLatencyProbe.Result seen = UiLatencyProbe.Result.merge("watched run", watching);
            double h = median(headless);
            double w = median(watched);
            double queueMs = queueFrameMillis(page);
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                    "live views benchmark (%d rounds, raid1-blake2-16k, all trees, 10 ms per read, views: %s):%n"
                            + "  headless %.3f s, watched %.3f s, watched/headless %.3f%n"
                            + "  extent queue with %d queued extents, scrolled to the middle, moving on: %.2f ms per frame%n"
                            + "  UI thread lateness (timer: 5 ms timerExec from its due time; async: asyncExec from"
                            + " another thread from its posting), in ms:%n",
                    ROUNDS, String.join(",", watchedViews), h, w, w / h, QueueViewTest.QUEUED, queueMs));
            for (UiLatencyProbe.Result r : List.of(idle, engine, seen, warmUp)) {
                report.append("    ").append(r.line()).append('\n');
            }
            report.append(String.format(Locale.ROOT, "  watched, per round: worst %s ms; less the waits for a CPU %s ms%n",
                    watching.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.worstMs())).toList(),
                    watching.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.worstOwnMs())).toList()));
            int shown = perRound.stream().mapToInt(Integer::intValue).sum();
            report.append(String.format(Locale.ROOT,
                    "  watched: %d frames shown, the UI thread on a CPU %.2f ms per frame (all it did, divided by the"
                            + " frames; headless it was %.2f ms per 50 ms); the probe's own ticks %.3f ms per tick%n",
                    shown, seen.uiCpuMs() / Math.max(1, shown), engine.uiCpuMs() / (engine.ms() / 50),
                    seen.probeMs() / Math.max(1, seen.timerLate().length)));
            report.append(String.format(Locale.ROOT, "  stalls over %d ms (every phase, the %d worst first):%n",
                    UiLatencyProbe.STALL_MILLIS, STALLS_SHOWN));
            List<UiLatencyProbe.Stall> stalls = new ArrayList<>();
            for (UiLatencyProbe.Result r : List.of(idle, engine, seen, warmUp)) {
                stalls.addAll(r.stalls());
            }
            stalls.sort(Comparator.comparingDouble(UiLatencyProbe.Stall::lateMs).reversed());
            stalls.stream().limit(STALLS_SHOWN).forEach(s -> report.append("    ").append(s).append('\n'));
            if (!profile.isEmpty()) {
                report.append("  UI thread profile of the last watched round:\n");
                profile.stream().limit(40).forEach(p -> report.append("    ").append(p).append('\n'));
            }
            System.out.print(report);
            Files.writeString(Files.createDirectories(TestArrays.workDir()).resolve("live-views-benchmark.txt"), report);
            assertTrue(w / h < 1.05, "watching costs 5 % or more: " + w / h);
            // the bound is on what the UI thread did itself: busy, or blocked (on a GC pause, on a
            // busy X server). Time it, or the X server it waited for, was runnable while other
            // threads or processes had the two CPUs is the machine's: it shows in the idle and
            // headless phases too (see the report)
            assertTrue(seen.worstOwnMs() < BOUND_MS, "the UI thread was busy or blocked " + seen.worstOwnMs()
                    + " ms while watched");
        } finally {
            page.resetPerspective();
        }
    }

    private static List<String> watchedViews() {
        String names = System.getProperty("btrfs.workbench.bench.views", "all");
        return switch (names) {
            case "none" -> List.of();
            case "all", "" -> List.of("runs", "zones", "queue", "pointers", "heatmap");
            default -> Arrays.asList(names.split(","));
        };
    }

    /** Every live view in {@code names} on screen at once, the others closed. */
    private static void openOnly(IWorkbenchPage page, List<String> names) throws Exception {
        for (Map.Entry<String, String> view : VIEWS.entrySet()) {
            if (!names.contains(view.getKey()) && page.findView(view.getValue()) != null) {
                page.hideView(page.findView(view.getValue()));
            }
        }
        List<String> ids = names.stream().map(VIEWS::get).toList();
        SideBySide.show(page, STACKED.stream().filter(ids::contains).toList());
        for (String id : ids) {
            page.showView(id);
        }
        UiWait.until("views laid out", () -> true);
        Screenshots.save(page.getWorkbenchWindow().getShell(), "benchmark-" + String.join("-", names) + ".png");
    }

    /** The UI thread's lateness with nothing running at all. */
    private static UiLatencyProbe.Result idle(Duration time) {
        UiLatencyProbe probe = new UiLatencyProbe("idle (no run)");
        long end = System.nanoTime() + time.toNanos();
        UiWait.until("idle", () -> System.nanoTime() > end);
        return probe.stop();
    }

    /** The UI thread's time to show one frame of a 100 000-extent queue (virtual table), averaged. */
    private static double queueFrameMillis(IWorkbenchPage page) throws Exception {
        QueueView view = (QueueView) page.showView(QueueView.ID);
        view.showQueue(QueueViewTest.device(), QueueViewTest.page(0, 200));
        view.viewer().getTable().setTopIndex(50_000);
        // the queue moves on by one extent a frame, as it does while read: every row on screen changes
        List<QueuePage> pages = List.of(QueueViewTest.page(49_950, 200), QueueViewTest.page(49_951, 200));
        int frames = 100;
        long t0 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            view.showQueue(QueueViewTest.device(), pages.get(i % 2));
            // paint the visible rows now, as a frame does (GTK would paint them at its next frame
            // clock tick, after the event loop below found nothing left to do)
            view.viewer().getTable().update();
            while (Display.getCurrent().readAndDispatch()) {
                // and whatever else the frame caused
            }
        }
        return (System.nanoTime() - t0) / 1e6 / frames;
    }

    /** A run no view sees; the UI thread keeps serving events (and the probe) meanwhile. */
    private static double headlessSeconds(RunSpec settings) throws Exception {
        try (LiveRun run = ArraySession.launch(settings, "benchmark")) {
            UiWait.until("headless run", run::isFinished);
            run.await();
            return run.elapsedNanos() / 1e9;
        }
    }

    private static UiLatencyProbe.Result stopAfter(UiLatencyProbe probe, Runnable work) {
        work.run();
        return probe.stop();
    }

    private static double watchedSeconds(RunSpec settings) {
        RunJob job = new RunJob(settings, "benchmark", Display.getCurrent());
        job.schedule();
        UiWait.until("watched run", () -> job.getResult() != null);
        return job.live().elapsedNanos() / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
