package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.ScanTargets;
import btrfs.workbench.ui.run.LaunchSettings;
import btrfs.workbench.ui.run.LiveRun;
import btrfs.workbench.ui.run.QueuePage;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.UiWait;
import btrfs.workbench.ui.views.ArraysView;

/**
 * Harness benchmark of issue 7 (not a test: run with {@code -Dbtrfs.workbench.bench=true}): the
 * same paced readahead of every tree of a RAID1 array, headless (no views, no frame pump) and
 * watched (all live views open, 20 Hz frames), interleaved, five times each; prints the median
 * times and their ratio, and the longest the UI thread was busy between two 5 ms timer ticks
 * while watched. Results go to target/live-views-benchmark.txt as well.
 */
class LiveViewsBenchmark {

    private static final IoModel PACE = new IoModel(Duration.ofMillis(10), 0, false);
    private static final int ROUNDS = 7;

    @Test
    void watchingARunCostsLessThanFivePercent() throws Exception {
        assumeTrue(Boolean.getBoolean("btrfs.workbench.bench"), "benchmark: run with -Dbtrfs.workbench.bench=true");
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        ArraysView arrays = (ArraysView) page.showView(ArraysView.ID);
        ScanTargets.set(List.of(TestArrays.named("raid1-blake2-16k").dir()));
        Job scan = arrays.rescan();
        UiWait.until("scan", () -> scan.getResult() != null && arrays.viewer().getInput() == arrays.result());
        BtrfsArray array = arrays.result().arrays().get(0);
        for (String id : List.of(RunsView.ID, ZonesView.ID, QueueView.ID, PointersView.ID)) {
            page.showView(id);
        }
        LaunchSettings settings = Launches.allTrees(array, PACE);
        List<Double> headless = new ArrayList<>();
        List<Double> watched = new ArrayList<>();
        long worstUiGap = 0;
        for (int round = 0; round < ROUNDS; round++) {
            headless.add(headlessSeconds(settings));
            UiProbe probe = new UiProbe(Display.getCurrent());
            watched.add(watchedSeconds(settings));
            worstUiGap = Math.max(worstUiGap, probe.stop());
        }
        double h = median(headless);
        double w = median(watched);
        double queueMs = queueFrameMillis(page);
        String report = String.format(Locale.ROOT,
                "live views benchmark (%d rounds, raid1-blake2-16k, all trees, 10 ms per read):%n"
                        + "  headless %.3f s, watched %.3f s, watched/headless %.3f%n"
                        + "  longest UI thread stall while watched: %d ms%n"
                        + "  extent queue with %d queued extents, scrolled to the middle: %.2f ms per frame%n",
                ROUNDS, h, w, w / h, worstUiGap, QueueViewTest.QUEUED, queueMs);
        System.out.print(report);
        Files.writeString(Files.createDirectories(TestArrays.workDir()).resolve("live-views-benchmark.txt"), report);
    }

    /** The UI thread's time to show one frame of a 100 000-extent queue (virtual table), averaged. */
    private static double queueFrameMillis(IWorkbenchPage page) throws Exception {
        QueueView view = (QueueView) page.showView(QueueView.ID);
        view.showQueue(QueueViewTest.device(), QueueViewTest.page(0, 200));
        view.viewer().getTable().setTopIndex(50_000);
        QueuePage middle = QueueViewTest.page(49_950, 200);
        int frames = 100;
        long t0 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            view.showQueue(QueueViewTest.device(), middle);
            while (Display.getCurrent().readAndDispatch()) {
                // paint the visible rows, as a frame does
            }
        }
        return (System.nanoTime() - t0) / 1e6 / frames;
    }

    private static double headlessSeconds(LaunchSettings settings) throws Exception {
        try (LiveRun run = LiveRun.start(settings)) {
            run.await();
            return run.elapsedNanos() / 1e9;
        }
    }

    private static double watchedSeconds(LaunchSettings settings) {
        RunJob job = new RunJob(settings, Display.getCurrent());
        job.schedule();
        UiWait.until("watched run", () -> job.getResult() != null);
        return job.live().elapsedNanos() / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Stack frames printed for a stall of more than 40 ms: where the UI thread was busy. */
    private static final int STALL_FRAMES = 12;

    /**
     * Measures how late 5 ms timer ticks come on the UI thread (the longest stall), and prints
     * where the UI thread was when a tick is more than 40 ms late.
     */
    private static final class UiProbe {
        private final Display display;
        private long last = System.nanoTime();
        private long worst;
        private boolean stopped;

        private final Thread ui = Thread.currentThread();
        private volatile long lastTick = System.nanoTime();
        private final Thread watchdog;

        UiProbe(Display display) {
            this.display = display;
            tick();
            watchdog = new Thread(() -> {
                while (!stopped) {
                    long stale = System.nanoTime() - lastTick;
                    if (stale > 40_000_000L) {
                        StringBuilder b = new StringBuilder("UI stall " + stale / 1_000_000 + " ms:\n");
                        StackTraceElement[] stack = ui.getStackTrace();
                        for (int i = 0; i < Math.min(STALL_FRAMES, stack.length); i++) {
                            b.append("    ").append(stack[i]).append('\n');
                        }
                        System.out.print(b);
                        try {
                            Thread.sleep(60);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watchdog.setDaemon(true);
            watchdog.start();
        }

        private void tick() {
            long now = System.nanoTime();
            worst = Math.max(worst, now - last);
            last = now;
            lastTick = now;
            if (!stopped) {
                display.timerExec(5, this::tick);
            }
        }

        long stop() {
            stopped = true;
            return worst / 1_000_000;
        }
    }
}
