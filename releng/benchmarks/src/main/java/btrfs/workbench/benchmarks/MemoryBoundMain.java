package btrfs.workbench.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.readahead.ReadaheadRequest;
import btrfs.workbench.readahead.state.ControlSnapshot;

/**
 * The engine's memory on a simulated array of about a million tree blocks (issue 9: within a
 * 256 MB heap). Run with {@code -Xmx256m}: {@code releng/bench-memory.sh}. Prints the blocks
 * read, the most extents queued at once, the heap's peak use after collections and the bytes
 * that makes per queued extent; exits 1 if the run failed.
 */
public final class MemoryBoundMain {

    private MemoryBoundMain() {
    }

    public static void main(String[] args) throws Exception {
        int fanout = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int coalesce = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        ProceduralTarget target = new ProceduralTarget(16384, fanout);
        AtomicLong peakQueued = new AtomicLong();
        long started = System.nanoTime();
        ControlSnapshot end;
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (ReadaheadEngine engine = new ReadaheadEngine(target, ReadaheadConfig.defaults()
                .withSnapshotLimits(16, 4).withCoalesceBytes(coalesce))) {
            sampler.scheduleAtFixedRate(() -> {
                peakQueued.accumulateAndGet(engine.snapshot().totals().extents(), Math::max);
                sampleOldGeneration();
            }, 0, 20, TimeUnit.MILLISECONDS);
            ReadaheadControl control = engine.add(ReadaheadRequest.wholeTree("simulated", target.root(), 1));
            end = control.waitFor();
        } finally {
            sampler.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakHeap = PEAK_OLD_AFTER_GC.get();
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "simulated array        %,d tree blocks (fanout %d), coalescing %d bytes%n",
                target.blockCount(), fanout, coalesce);
        System.out.printf(Locale.ROOT, "blocks read            %,d in %.2f s (%,.0f blocks/s), errors %d%n",
                end.blocks(), seconds, end.blocks() / seconds, end.errors());
        System.out.printf(Locale.ROOT, "most queued at once    %,d extents%n", peakQueued.get());
        System.out.printf(Locale.ROOT, "heap                   old generation at most %,d MB after its collections, of %,d MB max "
                + "(%.0f bytes per queued extent)%n",
                peakHeap >> 20, maxHeap >> 20, (double) peakHeap / Math.max(1, peakQueued.get()));
        boolean ok = end.blocks() == target.blockCount() && end.errors() == 0;
        if (!end.errorList().isEmpty()) {
            System.out.println("last error             " + end.errorList().get(end.errorList().size() - 1).reason());
        }
        System.out.println(ok ? "OK: every block read within the heap" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    /**
     * The old generation's use after its latest collection, sampled through the run: an upper
     * estimate of the live set (what survived, plus what was promoted since).
     */
    private static final AtomicLong PEAK_OLD_AFTER_GC = new AtomicLong();

    private static void sampleOldGeneration() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old") && pool.getCollectionUsage() != null) {
                PEAK_OLD_AFTER_GC.accumulateAndGet(pool.getCollectionUsage().getUsed(), Math::max);
            }
        }
    }
}
