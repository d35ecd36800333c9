package btrfs.workbench.readahead.os;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The few C library calls the engine makes (Linux), loaded once, on first use. */
interface LibC extends Library {

    long syscall(long number, Object... args);

    int setpriority(int which, int who, int prio);

    int getpriority(int which, int who);

    int madvise(Pointer address, long length, int advice);

    /** The library; throws a LinkageError (or a RuntimeException) where it cannot be loaded. */
    static LibC get() {
        return Holder.LIBC;
    }

    /** Loads on first use only: a platform without JNA's native part fails there, not on class load. */
    final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);

        private Holder() {
        }
    }
}
