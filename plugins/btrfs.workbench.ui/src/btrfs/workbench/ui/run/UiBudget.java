package btrfs.workbench.ui.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Keeps the live frames' share of the UI thread under {@link #SHARE}: a new frame is told of only
 * when the UI thread has used at most that share of the time since the last one was (its CPU time,
 * GTK's drawing included, as the kernel's per-thread clock counts it). On a fast machine that is
 * every 50 ms; where a frame costs the UI thread 20 ms it is every 80 ms.
 * <p>
 * Why: the readahead's threads run in the background (nice 10) and share the CPUs with the UI.
 * Drawing five views 20 times a second took 35 to 40 % of a CPU on a 2-core machine and slowed a
 * watched run by up to 9 %; a quarter of a CPU keeps the views live and the run within its 5 %.
 * Frames are only postponed, never lost: the views always draw the run's newest frame.
 */
final class UiBudget {

    /** The UI thread's CPU time per wall-clock time that frames may take. */
    static final double SHARE = 0.25;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long uiThreadId;
    private long lastWall;
    private long lastCpu;

    UiBudget(Thread uiThread) {
        this.uiThreadId = uiThread.threadId();
    }

    /** Whether a frame may be told of now; if so, the next one is measured from now. */
    boolean spend(long nowNanos) {
        long cpu = threads.getThreadCpuTime(uiThreadId);
        if (cpu < 0) {
            return true; // no per-thread clock here (or the UI thread ended): do not throttle
        }
        if (lastWall != 0 && cpu - lastCpu > SHARE * (nowNanos - lastWall)) {
            return false;
        }
        lastWall = nowNanos;
        lastCpu = cpu;
        return true;
    }
}
