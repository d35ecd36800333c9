package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.readahead.state.Totals;

/**
 * One status line on stderr, rewritten a few times a second, while a readahead runs: only when
 * stderr is a terminal, so that scripts and pipes see nothing of it.
 */
final class Progress implements AutoCloseable {

    private static final long PERIOD_MS = 250;

    private final ReadaheadEngine engine;
    private final PrintStream err;
    private final ScheduledExecutorService ticker;
    private final long started = System.nanoTime();

    private Progress(ReadaheadEngine engine, PrintStream err) {
        this.engine = engine;
        this.err = err;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "readahead-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** A progress line if {@code err} is the process's stderr on a terminal, else nothing. */
    static Progress onTerminal(ReadaheadEngine engine, PrintStream err) {
        return err == System.err && System.console() != null ? new Progress(engine, err) : null;
    }

    private void tick() {
        Totals t = engine.snapshot().totals();
        double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
        err.printf("\r%d blocks read, %s, %s/s, %d in flight, %d queued, %d errors   ", t.reads() - t.errors(),
                PrettySize.format(t.bytes()), PrettySize.format((long) (t.bytes() / seconds)), t.inFlight(),
                t.extents(), t.errors());
        err.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        err.print("\r\033[K");
        err.flush();
    }
}
