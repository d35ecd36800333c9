package btrfs.workbench.ui.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.junit.jupiter.api.Test;

/**
 * The live frames' budget: after the UI thread spent more than a quarter of the time since the last
 * frame on a CPU, the next frame waits; once the share is back under it, it may come. Wall-clock
 * times are given, the CPU time is the thread's own.
 */
class UiBudgetTest {

    private static final long MS = 1_000_000;

    @Test
    void aBusyThreadHoldsFramesBackUntilItsShareFallsUnderAQuarter() {
        UiBudget budget = new UiBudget(Thread.currentThread());
        long t0 = System.nanoTime();
        assertTrue(budget.spend(t0), "the first frame always may come");
        long spent = burn(40 * MS);
        assertFalse(budget.spend(t0 + 50 * MS), spent / MS + " ms of CPU in 50 ms is over a quarter");
        assertFalse(budget.spend(t0 + 4 * spent - 5 * MS), "just under four times the CPU time is still too soon");
        assertTrue(budget.spend(t0 + 4 * spent + 50 * MS), "four times the CPU time later it may");
    }

    @Test
    void anIdleThreadGetsEveryFrame() throws InterruptedException {
        Thread idle = new Thread(() -> sleepQuietly(2000));
        idle.start();
        try {
            UiBudget budget = new UiBudget(idle);
            long t0 = System.nanoTime();
            for (int frame = 0; frame < 20; frame++) {
                assertTrue(budget.spend(t0 + frame * 50 * MS), "frame " + frame);
            }
        } finally {
            idle.interrupt();
            idle.join();
        }
    }

    /** Spins on this thread until it used {@code nanos} of CPU time at least; returns how much it used. */
    private static long burn(long nanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - start < nanos) {
            x += Long.numberOfTrailingZeros(x + 1);
        }
        sink = x; // keeps the loop from being optimised away
        return threads.getCurrentThreadCpuTime() - start;
    }

    private static volatile long sink;

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
