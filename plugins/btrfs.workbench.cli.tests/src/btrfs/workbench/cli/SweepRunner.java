package btrfs.workbench.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the sweep's commands in-process on a few threads (the CLI is plain Java, no JVM start
 * per command) and measures each from its own start, so that waiting in the queue does not
 * count against its time limit.
 */
final class SweepRunner implements AutoCloseable {

    /** How a command ended: its run and its own duration. */
    record Outcome(SweepPlan.Invocation invocation, Run run, double seconds) {
    }

    /** A submitted command: done when it ends, with the moment it started (0 while queued). */
    static final class Pending {
        final SweepPlan.Invocation invocation;
        final CompletableFuture<Outcome> result = new CompletableFuture<>();
        final AtomicLong startNanos = new AtomicLong();

        Pending(SweepPlan.Invocation invocation) {
            this.invocation = invocation;
        }
    }

    private final ExecutorService pool;

    SweepRunner(int threads) {
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "progs-image-sweep");
            thread.setDaemon(true); // a hung command must not keep the test JVM alive
            return thread;
        });
    }

    Pending submit(SweepPlan.Invocation invocation) {
        Pending pending = new Pending(invocation);
        pool.execute(() -> {
            long start = System.nanoTime();
            pending.startNanos.set(start);
            try {
                Run run = Run.of(invocation.argv());
                pending.result.complete(new Outcome(invocation, run, (System.nanoTime() - start) / 1e9));
            } catch (Throwable t) { // an Error (OutOfMemoryError) too: the test reports it
                pending.result.completeExceptionally(t);
            }
        });
        return pending;
    }

    /**
     * The outcome, or an AssertionError if the command ran longer than {@code limit} (counted
     * from its own start), threw past the CLI's handlers, or never started because hung
     * commands hold every thread. Awaited in submission order, a command starts soon after the
     * one before it ended.
     */
    static Outcome await(Pending pending, Duration limit) throws InterruptedException {
        long waitStart = System.nanoTime();
        while (true) {
            try {
                return pending.result.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long started = pending.startNanos.get();
                if (started != 0 && System.nanoTime() - started > limit.toNanos()) {
                    throw failure(pending, "did not end within " + limit.toSeconds() + " s", null);
                }
                if (started == 0 && System.nanoTime() - waitStart > 2 * limit.toNanos()) {
                    throw failure(pending, "never started: hung commands hold the threads", null);
                }
            } catch (ExecutionException e) {
                throw failure(pending, "threw " + e.getCause(), e.getCause());
            }
        }
    }

    private static AssertionError failure(Pending pending, String what, Throwable cause) {
        return new AssertionError(pending.invocation.label() + " on " + pending.invocation.target().name() + " "
                + what, cause);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
