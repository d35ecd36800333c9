package btrfs.workbench.ui.testing;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.swt.widgets.Display;

/**
 * How late the UI thread runs what it is asked to run, measured from when it was due, and why
 * when it is very late.
 * <p>
 * Two probes run at once. A <em>timer</em> probe re-arms {@code timerExec(5 ms)} from its own tick
 * and records, per tick, how long after its due time it ran. An <em>async</em> probe posts one
 * {@code asyncExec} at a time from another thread (as the frame pump and input do) and records
 * how long after posting it ran: it sees a stall whole, wherever in the timer's period it starts.
 * <p>
 * For every tick later than {@link #STALL_MILLIS} the timer probe says where the time went in the
 * interval since the previous tick, from the kernel's per-thread scheduler statistics
 * ({@code /proc/.../schedstat}: nanoseconds on a CPU and waiting for one): the UI thread on a
 * CPU (busy in Java or native code), waiting for a CPU (runnable while other processes, or this
 * JVM's other threads, had both CPUs), or neither (blocked: a GC pause, a reply of the X server);
 * the X server's own CPU time and wait; the JVM's GC pause time; and stack samples of the UI
 * thread a watchdog took while the tick was overdue. Besides the lateness itself each probe
 * records it less those waits for a CPU (see {@link #ownLate}).
 */
public final class UiLatencyProbe {

    /** A tick later than this is a stall, reported with its causes. */
    public static final long STALL_MILLIS = 25;
    private static final long PERIOD_MILLIS = 5;
    private static final long NS = 1_000_000L;
    /** Stack samples begin once a tick is this much overdue, one every {@link #SAMPLE_EVERY_MILLIS}. */
    private static final long SAMPLE_AFTER_MILLIS = 15;
    private static final long SAMPLE_EVERY_MILLIS = 4;
    private static final int SAMPLE_FRAMES = 40;

    /** Where one late tick's interval went; milliseconds, -1 where the kernel does not say. */
    public record Stall(String phase, double lateMs, double intervalMs, double uiCpuMs, double uiWaitMs,
            double xCpuMs, double xWaitMs, double gcMs, List<String> samples) {

        /** The interval's time neither on a CPU nor waiting for one: the UI thread was blocked or asleep. */
        public double uiBlockedMs() {
            return uiCpuMs < 0 ? -1 : Math.max(0, intervalMs - uiCpuMs - uiWaitMs);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "%s: %.1f ms late; of the %.1f ms since the previous tick the UI thread was on a CPU %.1f ms,"
                            + " waiting for a CPU %.1f ms, blocked %.1f ms; X server on a CPU %.1f ms (waiting %.1f ms);"
                            + " GC pauses %.1f ms",
                    phase, lateMs, intervalMs, uiCpuMs, uiWaitMs, uiBlockedMs(), xCpuMs, xWaitMs, gcMs));
            Map<String, Integer> counted = new LinkedHashMap<>();
            samples.forEach(s -> counted.merge(s, 1, Integer::sum));
            counted.forEach((s, n) -> b.append("\n      ").append(n).append(" x ").append(s));
            return b.toString();
        }
    }

    private final Display display;
    private final String phase;
    private final Thread ui = Thread.currentThread();
    private final Path uiSched;
    private final Path xSched;
    private final boolean sampleStacks;

    private final LongList timerLate = new LongList();
    private final LongList asyncLate = new LongList();
    /**
     * Both probes' lateness less the time the machine's CPUs were not there for it: the UI thread's
     * wait for a CPU (runnable, but another thread or process had them), and of the time it was
     * blocked as much as the X server waited for a CPU meanwhile (a round trip to a server that
     * cannot run). What is left is what the UI thread was busy with or blocked on otherwise (a
     * GC pause, a lock, a server that was itself busy).
     */
    private final LongList ownLate = new LongList();
    private final List<Stall> stalls = new ArrayList<>();
    /** Stack samples the watchdog took, oldest first, until a tick takes them. */
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

    private volatile boolean stopped;
    /** When the armed timer tick is due (nanoTime). */
    private volatile long due;
    private final long started = System.nanoTime();
    private final long[] uiAtStart;
    private final long[] cpusAtStart = Cpus.read();
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
            .getThreadMXBean();
    /** Bytes allocated so far by the UI thread and by the whole JVM (GC pressure). */
    private final long uiAllocatedAtStart = THREADS.getCurrentThreadAllocatedBytes();
    private final long allocatedAtStart = THREADS.getTotalThreadAllocatedBytes();
    private long previousTick;
    /** The UI thread's time in the timer probe's own ticks: what the probe itself costs it. */
    private long ownNanos;
    private long[] previousUi;
    private long[] previousX;
    private long previousGc;
    private volatile long asyncPostedAt = -1;
    private final Thread watchdog;
    private final Thread poster;

    /** Starts both probes on the current (UI) thread's display; {@code phase} names what is measured. */
    public UiLatencyProbe(String phase) {
        this(phase, !"false".equals(System.getProperty("btrfs.workbench.bench.stacks")));
    }

    /** As above; without stack samples to show that taking them does not itself make the UI thread late. */
    public UiLatencyProbe(String phase, boolean sampleStacks) {
        this.display = Display.getCurrent();
        this.phase = phase;
        this.sampleStacks = sampleStacks;
        this.uiSched = threadSchedstat();
        this.xSched = XServer.schedstat();
        previousTick = System.nanoTime();
        previousUi = read(uiSched);
        uiAtStart = previousUi;
        previousX = read(xSched);
        previousGc = gcPauseMillis();
        due = previousTick + PERIOD_MILLIS * NS;
        display.timerExec((int) PERIOD_MILLIS, this::tick);
        poster = daemon("ui-probe-async", this::postLoop);
        watchdog = daemon("ui-probe-watchdog", this::watchLoop);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        long late = Math.max(0, now - due); // GLib may fire up to a millisecond early: that is 0 late
        timerLate.add(late);
        long[] uiNow = read(uiSched);
        long[] xNow = read(xSched);
        // the interval since the previous tick holds the 5 ms before the due time too: its wait
        // for a CPU may be up to that much more than the wait while late
        ownLate.add(own(late, now - previousTick, previousUi, uiNow, previousX, xNow));
        long gcNow = gcPauseMillis();
        if (late > STALL_MILLIS * NS) {
            stalls.add(new Stall(phase, late / 1e6, (now - previousTick) / 1e6, delta(previousUi, uiNow, 0),
                    delta(previousUi, uiNow, 1), delta(previousX, xNow, 0), delta(previousX, xNow, 1),
                    gcNow - previousGc, samplesBetween(previousTick, now)));
        }
        previousTick = now;
        previousUi = uiNow;
        previousX = xNow;
        previousGc = gcNow;
        // due counted from now, when it is armed: the tick's own cost is not lateness of the next
        due = System.nanoTime() + PERIOD_MILLIS * NS;
        display.timerExec((int) PERIOD_MILLIS, this::tick);
        ownNanos += System.nanoTime() - now;
    }

    private void postLoop() {
        while (!stopped && !display.isDisposed()) {
            if (asyncPostedAt < 0) {
                long posted = System.nanoTime();
                long[] uiAtPost = read(uiSched);
                long[] xAtPost = read(xSched);
                asyncPostedAt = posted;
                try {
                    display.asyncExec(() -> {
                        if (!stopped) {
                            long late = System.nanoTime() - posted;
                            asyncLate.add(late);
                            ownLate.add(own(late, late, uiAtPost, read(uiSched), xAtPost, read(xSched)));
                        }
                        asyncPostedAt = -1;
                    });
                } catch (RuntimeException e) {
                    return; // the display went away
                }
            }
            pause(PERIOD_MILLIS);
        }
    }

    /**
     * With {@code -Dbtrfs.workbench.bench.profile=true} the watchdog samples the UI thread all the
     * time, not only when late, and {@link #profile()} counts the samples by where they were.
     */
    private static final boolean PROFILE = Boolean.getBoolean("btrfs.workbench.bench.profile");
    private final Map<String, Integer> profile = new java.util.concurrent.ConcurrentHashMap<>();

    /** Samples by place, most first (empty unless profiling). */
    public List<String> profile() {
        int all = profile.values().stream().mapToInt(Integer::intValue).sum();
        return profile.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%5.1f %% %s", 100.0 * e.getValue() / all, e.getKey())).toList();
    }

    /** The innermost frame, and the innermost frame of the application or of Eclipse above SWT. */
    private static String profileKey(StackTraceElement[] stack) {
        if (stack.length == 0) {
            return "?";
        }
        String top = stack[0].getClassName().substring(stack[0].getClassName().lastIndexOf('.') + 1) + "."
                + stack[0].getMethodName();
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            boolean harness = c.startsWith("btrfs.workbench.ui.testing.") || c.endsWith("Benchmark");
            if (!harness && (c.startsWith("btrfs.workbench.")
                    || c.startsWith("org.eclipse.") && !c.startsWith("org.eclipse.swt."))) {
                return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName() + " | " + top;
            }
        }
        return "(event loop) | " + top;
    }

    private void watchLoop() {
        long lastSample = 0;
        while (!stopped) {
            long now = System.nanoTime();
            long posted = asyncPostedAt;
            long overdue = Math.max(now - due, posted < 0 ? 0 : now - posted);
            if (PROFILE && now - lastSample > SAMPLE_EVERY_MILLIS * NS) {
                lastSample = now;
                profile.merge(profileKey(ui.getStackTrace()), 1, Integer::sum);
            }
            if (sampleStacks && overdue > SAMPLE_AFTER_MILLIS * NS && now - lastSample > SAMPLE_EVERY_MILLIS * NS) {
                lastSample = now;
                samples.add(new Sample(now, summarize(ui.getStackTrace())));
            }
            pause(1);
        }
    }

    private List<String> samplesBetween(long from, long to) {
        List<String> out = new ArrayList<>();
        for (Sample s = samples.peek(); s != null && s.at() <= to; s = samples.peek()) {
            samples.poll();
            if (s.at() >= from) {
                out.add(s.stack());
            }
        }
        return out;
    }

    private record Sample(long at, String stack) {
    }

    /**
     * A stack sample in one line: the innermost frames, up to and including the first frame of the
     * application (btrfs.workbench) or of the probe's caller's event loop, so that samples of the same
     * place count together.
     */
    static String summarize(StackTraceElement[] stack) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(SAMPLE_FRAMES, stack.length); i++) {
            StackTraceElement e = stack[i];
            String cls = e.getClassName();
            String name = cls.substring(cls.lastIndexOf('.') + 1) + "." + e.getMethodName();
            if (parts.isEmpty() || !parts.get(parts.size() - 1).equals(name)) {
                parts.add(name);
            }
            if (cls.startsWith("btrfs.workbench.") || name.equals("Display.readAndDispatch") && parts.size() > 1) {
                break;
            }
        }
        return String.join(" < ", parts);
    }

    /** Stops both probes; call on the UI thread. */
    public Result stop() {
        stopped = true;
        try {
            poster.join(1000);
            watchdog.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long[] uiNow = read(uiSched);
        long[] cpus = Cpus.read();
        return new Result(phase, timerLate.toArray(), asyncLate.toArray(), ownLate.toArray(), List.copyOf(stalls),
                (System.nanoTime() - started) / 1e6, delta(uiAtStart, uiNow, 0), delta(uiAtStart, uiNow, 1),
                cpus[0] - cpusAtStart[0], cpus[1] - cpusAtStart[1], cpus[2] - cpusAtStart[2], ownNanos / 1e6,
                THREADS.getCurrentThreadAllocatedBytes() - uiAllocatedAtStart,
                THREADS.getTotalThreadAllocatedBytes() - allocatedAtStart);
    }

    /**
     * One phase's lateness samples (nanoseconds) and stalls; how long it took and how much of it
     * the UI thread spent on a CPU and waiting for one (milliseconds, -1 where unknown).
     */
    public record Result(String phase, long[] timerLate, long[] asyncLate, long[] ownLate, List<Stall> stalls, double ms,
            double uiCpuMs, double uiWaitMs, long machineTicks, long machineBusyTicks, long jvmTicks, double probeMs, long uiAllocated, long allocated) {

        /** Several rounds of one phase as one. */
        public static Result merge(String phase, List<Result> parts) {
            return new Result(phase, concat(parts.stream().map(Result::timerLate)),
                    concat(parts.stream().map(Result::asyncLate)), concat(parts.stream().map(Result::ownLate)),
                    parts.stream().flatMap(r -> r.stalls().stream()).toList(),
                    parts.stream().mapToDouble(Result::ms).sum(), parts.stream().mapToDouble(Result::uiCpuMs).sum(),
                    parts.stream().mapToDouble(Result::uiWaitMs).sum(), parts.stream().mapToLong(Result::machineTicks).sum(),
                    parts.stream().mapToLong(Result::machineBusyTicks).sum(), parts.stream().mapToLong(Result::jvmTicks).sum(),
                    parts.stream().mapToDouble(Result::probeMs).sum(), parts.stream().mapToLong(Result::uiAllocated).sum(),
                    parts.stream().mapToLong(Result::allocated).sum());
        }

        private static long[] concat(Stream<long[]> arrays) {
            return arrays.flatMapToLong(Arrays::stream).toArray();
        }

        /** The worst lateness of either probe, milliseconds. */
        public double worstMs() {
            return Math.max(percentileMs(timerLate, 100), percentileMs(asyncLate, 100));
        }

        /** The worst lateness of either probe less the UI thread's wait for a CPU meanwhile, milliseconds. */
        public double worstOwnMs() {
            return percentileMs(ownLate, 100);
        }

        /** The {@code p}-th percentile of either probe (the larger), milliseconds. */
        public double percentileMs(double p) {
            return Math.max(percentileMs(timerLate, p), percentileMs(asyncLate, p));
        }

        static double percentileMs(long[] samples, double p) {
            if (samples.length == 0) {
                return 0;
            }
            long[] sorted = samples.clone();
            Arrays.sort(sorted);
            int at = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, at))] / 1e6;
        }

        /** One line: samples, percentiles and worst of both probes; the UI thread's and the machine's CPU time. */
        public String line() {
            return String.format(Locale.ROOT,
                    "%-26s %5.1f s, CPUs busy %3.0f %% (this JVM %3.0f %%), UI thread on a CPU %4.1f %%, waiting for one"
                            + " %4.1f %%, allocating %4.1f MB/s (JVM %5.1f MB/s) | timer: %5d ticks, p50 %5.1f,"
                            + " p99 %5.1f, p99.9 %5.1f, max %5.1f ms | async: %5d, p50 %5.1f, p99 %5.1f, p99.9 %5.1f,"
                            + " max %5.1f ms | less the waits for a CPU: p99 %5.1f, max %5.1f ms",
                    phase, ms / 1000, 100.0 * machineBusyTicks / Math.max(1, machineTicks),
                    100.0 * jvmTicks / Math.max(1, machineTicks), 100 * uiCpuMs / ms, 100 * uiWaitMs / ms,
                    uiAllocated / 1e3 / ms, allocated / 1e3 / ms, timerLate.length, percentileMs(timerLate, 50),
                    percentileMs(timerLate, 99),
                    percentileMs(timerLate, 99.9), percentileMs(timerLate, 100), asyncLate.length,
                    percentileMs(asyncLate, 50), percentileMs(asyncLate, 99), percentileMs(asyncLate, 99.9),
                    percentileMs(asyncLate, 100), percentileMs(ownLate, 99), percentileMs(ownLate, 100));
        }
    }

    /**
     * {@code late} less, over an {@code interval} that holds it, the UI thread's wait for a CPU and
     * the part of its blocked time the X server spent waiting for a CPU (see {@link #ownLate}).
     */
    private static long own(long late, long interval, long[] uiBefore, long[] uiAfter, long[] xBefore, long[] xAfter) {
        if (uiBefore == null || uiAfter == null) {
            return late;
        }
        long onCpu = uiAfter[0] - uiBefore[0];
        long waiting = uiAfter[1] - uiBefore[1];
        long blocked = Math.max(0, interval - onCpu - waiting);
        long xWaiting = xBefore == null || xAfter == null ? 0 : xAfter[1] - xBefore[1];
        return Math.max(0, late - waiting - Math.min(blocked, xWaiting));
    }

    private static double delta(long[] before, long[] after, int field) {
        return before == null || after == null ? -1 : (after[field] - before[field]) / 1e6;
    }

    /**
     * The collectors that pause the application (G1's and ZGC's "Concurrent" beans count work
     * beside it). Looked up once: the lookup itself builds MBean names and costs the UI thread.
     */
    private static final List<GarbageCollectorMXBean> PAUSING = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(gc -> !gc.getName().contains("Concurrent")).toList();

    private static long gcPauseMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : PAUSING) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** This thread's {@code /proc/<pid>/task/<tid>/schedstat}; null where there is none. */
    private static Path threadSchedstat() {
        try {
            // /proc/thread-self links to the calling thread's task directory: its tid without native code
            Path task = Path.of("/proc").resolve(Files.readSymbolicLink(Path.of("/proc/thread-self")));
            Path stat = task.resolve("schedstat");
            return Files.isReadable(stat) ? stat : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** {on a CPU, waiting for a CPU} in nanoseconds, or null. */
    static long[] read(Path schedstat) {
        if (schedstat == null) {
            return null;
        }
        try {
            String[] f = Files.readString(schedstat).trim().split(" ");
            return new long[] { Long.parseLong(f[0]), Long.parseLong(f[1]) };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The machine's CPU time in clock ticks from /proc: {all CPUs' total, busy, this process}; zeros where unknown. */
    static final class Cpus {
        private Cpus() {
        }

        static long[] read() {
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < cpu.length; i++) {
                    total += Long.parseLong(cpu[i]);
                }
                long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle + iowait
                String self = Files.readString(Path.of("/proc/self/stat"));
                // the fields after the command name, which is in parentheses and may hold spaces
                String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
                long jvm = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                return new long[] { total, total - idle, jvm };
            } catch (IOException | RuntimeException e) {
                return new long[3];
            }
        }
    }

    /** The X server of {@code $DISPLAY} (Xvfb under the tests), found among this machine's processes. */
    static final class XServer {
        private XServer() {
        }

        /** The server's main thread's schedstat, or null when it is not found (e.g. a remote display). */
        static Path schedstat() {
            String display = System.getenv("DISPLAY");
            if (display == null || !display.startsWith(":")) {
                return null;
            }
            String number = display.contains(".") ? display.substring(0, display.indexOf('.')) : display;
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                        .toList()) {
                    try {
                        List<String> args = Arrays.asList(Files.readString(p.resolve("cmdline")).split("\0"));
                        if (!args.isEmpty() && args.get(0).matches(".*(Xvfb|Xorg|X)$") && args.contains(number)) {
                            return p.resolve("schedstat");
                        }
                    } catch (IOException e) {
                        // a process that ended or is not ours to read
                    }
                }
            } catch (IOException e) {
                return null;
            }
            return null;
        }
    }

    /** A growable list of longs, appended on the UI thread only. */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
