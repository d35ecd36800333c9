package btrfs.workbench.bench.system;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JVM spent besides the engine while a sample ran: the JIT's compile time and the
 * collectors' time, in milliseconds since the JVM started. On a two-CPU machine a compile during
 * a timed run takes a CPU from the engine (seen in process: 10-140 ms of compiling during single
 * 0.13 s streamed runs after three warm-up passes), so the warm-up goes on until the compiler is
 * quiet and every sample's line says both.
 */
public final class VmTime {

    /** A warm-up pass that compiled less than this leaves the compiler quiet enough to measure. */
    public static final long QUIET_COMPILE_MILLIS = 20;

    private VmTime() {
    }

    /** Milliseconds compiled since the JVM started, or 0 where the JVM does not say. */
    public static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Milliseconds of garbage collection since the JVM started (pauses and concurrent work alike). */
    public static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }
}
