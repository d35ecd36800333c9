package btrfs.workbench.readahead.os;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Puts the calling thread in the background, as the kernel does for readahead bios
 * ({@code BTRFS_IOPRIO_READA}: the idle I/O class) — and, beyond the kernel, a lower CPU priority
 * (nice 10), so that on a small machine the engine's threads yield the CPU to the GUI's and to
 * everything else. Linux only (per-thread ioprio_set and setpriority on the thread id); elsewhere,
 * or when the calls are refused, nothing changes and the reason is returned.
 */
public final class ThreadPriority {

    /** The nice value readahead threads take (0 normal, 19 lowest). */
    public static final int NICE = 10;

    private static final int IOPRIO_WHO_PROCESS = 1;
    private static final int IOPRIO_CLASS_IDLE = 3;
    private static final int IOPRIO_CLASS_SHIFT = 13;
    private static final int PRIO_PROCESS = 0;

    /** The x86-64 and aarch64 numbers of the three system calls (they have no libc wrapper). */
    private record Syscalls(long gettid, long ioprioSet, long ioprioGet) {
    }

    private static final Syscalls SYSCALLS = Platform.isLinux() && Platform.isIntel() && Platform.is64Bit()
            ? new Syscalls(186, 251, 252)
            : Platform.isLinux() && Platform.isARM() && Platform.is64Bit() ? new Syscalls(178, 30, 31) : null;

    private ThreadPriority() {
    }

    /** The background priority for this thread; null if set, else why not. */
    public static String background() {
        if (SYSCALLS == null) {
            return "no per-thread I/O priority on " + System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        }
        try {
            LibC c = LibC.get();
            long tid = c.syscall(SYSCALLS.gettid());
            long ioprio = (long) IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT;
            if (c.syscall(SYSCALLS.ioprioSet(), IOPRIO_WHO_PROCESS, (int) tid, (int) ioprio) != 0) {
                return "ioprio_set refused (errno " + Native.getLastError() + ")";
            }
            if (c.setpriority(PRIO_PROCESS, (int) tid, NICE) != 0) {
                return "setpriority refused (errno " + Native.getLastError() + ")";
            }
            return null;
        } catch (LinkageError | RuntimeException e) {
            return "native calls unavailable: " + e.getMessage();
        }
    }

    /** {@code task}, run after putting its thread in the background (once, at the thread's start). */
    public static Runnable inBackground(Runnable task) {
        return () -> {
            background();
            task.run();
        };
    }

    /** This thread's I/O priority class (3 = idle) and nice value, for tests; null off Linux. */
    public static int[] current() {
        if (SYSCALLS == null) {
            return null;
        }
        LibC c = LibC.get();
        long tid = c.syscall(SYSCALLS.gettid());
        long ioprio = c.syscall(SYSCALLS.ioprioGet(), IOPRIO_WHO_PROCESS, (int) tid);
        return new int[] { (int) (ioprio >> IOPRIO_CLASS_SHIFT), c.getpriority(PRIO_PROCESS, (int) tid) };
    }
}
