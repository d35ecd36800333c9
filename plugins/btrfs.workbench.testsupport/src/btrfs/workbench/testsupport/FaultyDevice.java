package btrfs.workbench.testsupport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import btrfs.workbench.metadata.io.PositionalReader;

/**
 * Fault injection at the one interface through which everything reads storage: a device (or
 * image) whose reads fail, stall or stop as a failing disk's do. Faults are switched on at run
 * time, typically after the filesystem was opened through it, and every read that failed is
 * logged, so a test can compare what a run reports with what was really done to it.
 * <p>
 * Read-only like what it wraps; thread-safe.
 */
public final class FaultyDevice extends ForwardingReader {

    /** One read that failed: where, how long, why. */
    public record FailedRead(long physical, int length, String reason) {
    }

    private final long devid;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicInteger stuck = new AtomicInteger();
    private final List<FailedRead> failed = new ArrayList<>();
    private volatile int failEvery;
    private final AtomicLong sinceArmed = new AtomicLong();
    /** Reads left until the device vanishes; negative: it does not. */
    private final AtomicLong vanishIn = new AtomicLong(-1);
    private volatile boolean vanished;
    private volatile CountDownLatch gate;
    private volatile Duration stallFor = Duration.ZERO;
    /** Byte ranges read back flipped, as {physical, length}. */
    private final List<long[]> corrupt = new CopyOnWriteArrayList<>();

    /** @param devid the btrfs devid of the wrapped device, for tests mapping failed reads to blocks */
    public FaultyDevice(PositionalReader device, long devid) {
        super(device);
        this.devid = devid;
    }

    public long devid() {
        return devid;
    }

    /** From now on every {@code n}-th read fails with an I/O error (0: none). */
    public FaultyDevice failEvery(int n) {
        sinceArmed.set(0);
        failEvery = n;
        return this;
    }

    /** After {@code reads} more reads, every read fails as from a disk pulled out of its slot. */
    public FaultyDevice vanishAfter(long reads) {
        vanishIn.set(reads);
        return this;
    }

    /**
     * From now on the bytes {@code [physical, physical + length)} read back inverted, whatever
     * read covers them: a copy that reads fine and fails its checksum.
     */
    public FaultyDevice corrupt(long physical, int length) {
        corrupt.add(new long[] { physical, length });
        return this;
    }

    /** Reads from now on block until {@link #release()}. */
    public FaultyDevice stall() {
        gate = new CountDownLatch(1);
        return this;
    }

    /** Reads from now on take {@code delay} longer (a slow, retrying disk). */
    public FaultyDevice stallFor(Duration delay) {
        stallFor = delay;
        return this;
    }

    /** Lets stalled reads go on, and later ones pass. */
    public void release() {
        CountDownLatch g = gate;
        gate = null;
        stallFor = Duration.ZERO;
        if (g != null) {
            g.countDown();
        }
    }

    /** Reads blocked in a stall right now. */
    public int stuck() {
        return stuck.get();
    }

    /** Reads asked of this device, failed ones included. */
    public long reads() {
        return reads.get();
    }

    /** Every read that failed, in the order they failed. */
    public synchronized List<FailedRead> failedReads() {
        return List.copyOf(failed);
    }

    @Override
    public void readFully(long physical, ByteBuffer dst) throws IOException {
        reads.incrementAndGet();
        waitOutStall();
        String fault = fault();
        if (fault != null) {
            synchronized (this) {
                failed.add(new FailedRead(physical, dst.remaining(), fault));
            }
            throw new IOException(fault);
        }
        int start = dst.position();
        device.readFully(physical, dst);
        for (long[] range : corrupt) {
            long from = Math.max(physical, range[0]);
            long to = Math.min(physical + (dst.position() - start), range[0] + range[1]);
            for (long at = from; at < to; at++) {
                int i = start + (int) (at - physical);
                dst.put(i, (byte) ~dst.get(i));
            }
        }
    }

    /** The fault this read suffers, or null. */
    private String fault() {
        if (vanishIn.get() >= 0 && vanishIn.getAndDecrement() == 0) {
            vanished = true;
        }
        if (vanished) {
            return "No such device (injected: devid " + devid + " vanished)";
        }
        int n = failEvery;
        if (n > 0 && sinceArmed.incrementAndGet() % n == 0) {
            return "Input/output error (injected: every " + n + "th read of devid " + devid + ")";
        }
        return null;
    }

    private void waitOutStall() throws IOException {
        CountDownLatch g = gate;
        Duration delay = stallFor;
        if (g == null && delay.isZero()) {
            return;
        }
        stuck.incrementAndGet();
        try {
            if (g != null) {
                g.await();
            } else {
                TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stalled read interrupted");
        } finally {
            stuck.decrementAndGet();
        }
    }
}
