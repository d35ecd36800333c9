package btrfs.workbench.readahead.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Backs a read buffer with transparent huge pages, so that a large read lands in physically
 * contiguous memory. A read into ordinary pages scattered in memory is one segment per 4 KiB page,
 * and a device takes only so many segments per request (a loop device 128, virtio 254, many NVMe
 * drives 127 or fewer): the block layer cuts a 1 MiB read into several requests, which the I/O
 * scheduler then queues, sorts and merges again. In a huge page the read is one segment.
 * <p>
 * Java zeroes a direct buffer when it allocates it, so its pages exist before they can be advised:
 * {@code MADV_HUGEPAGE} marks the range, {@code MADV_COLLAPSE} (Linux 6.1) makes it huge pages at
 * once; an older kernel's khugepaged collapses it later. Linux only; elsewhere, or when refused,
 * the buffer stays as it was and the reason is returned.
 */
public final class HugePages {

    private static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage");
    private static final int MADV_HUGEPAGE = 14;
    private static final int MADV_COLLAPSE = 25;
    private static final int EINVAL = 22;

    /** Beyond this a huge page is not a read buffer (aarch64 with 64 KiB pages: 512 MiB). */
    private static final long MAX_SIZE = 4 << 20;

    /** The kernel's huge page size (its PMD size, 2 MiB on x86-64), 0 where it has none. */
    private static final long KERNEL_SIZE = pmdSize();

    /** The huge page size read buffers use, or 0 where there are none to be had. */
    public static final int SIZE = KERNEL_SIZE <= MAX_SIZE && Long.bitCount(KERNEL_SIZE) == 1 ? (int) KERNEL_SIZE : 0;

    private HugePages() {
    }

    private static long pmdSize() {
        if (!Platform.isLinux()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(Files.readString(THP.resolve("hpage_pmd_size")).trim()));
        } catch (IOException | RuntimeException e) {
            return 0; // no transparent huge pages in this kernel
        }
    }

    /**
     * Why {@link #advise} cannot work here, or null when it may: no huge pages in the kernel, or
     * the administrator turned them off ({@code enabled} is {@code never}).
     */
    public static String unavailable() {
        if (!Platform.isLinux()) {
            return "huge pages are Linux only";
        }
        if (SIZE == 0) {
            return KERNEL_SIZE == 0 ? "no transparent huge pages in this kernel"
                    : "huge pages of " + KERNEL_SIZE + " bytes are too large for read buffers";
        }
        try {
            String enabled = Files.readString(THP.resolve("enabled"));
            return enabled.contains("[never]") ? "transparent huge pages are off (" + THP.resolve("enabled") + ")"
                    : null;
        } catch (IOException e) {
            return "cannot read " + THP.resolve("enabled") + ": " + e.getMessage();
        }
    }

    /**
     * Asks for {@code buffer}'s memory in huge pages: a direct buffer whose address and capacity
     * are multiples of {@link #SIZE}. Null when the kernel took the advice, else why not.
     */
    public static String advise(ByteBuffer buffer) {
        String why = unavailable();
        if (why != null) {
            return why;
        }
        if (!buffer.isDirect() || buffer.alignmentOffset(0, SIZE) != 0 || buffer.capacity() % SIZE != 0) {
            throw new IllegalArgumentException("not a direct buffer of whole, aligned huge pages: " + buffer);
        }
        try {
            LibC c = LibC.get();
            Pointer at = Native.getDirectBufferPointer(buffer);
            if (c.madvise(at, buffer.capacity(), MADV_HUGEPAGE) != 0) {
                return "madvise(MADV_HUGEPAGE) refused (errno " + Native.getLastError() + ")";
            }
            if (c.madvise(at, buffer.capacity(), MADV_COLLAPSE) != 0) {
                int errno = Native.getLastError();
                return errno == EINVAL ? "no MADV_COLLAPSE before Linux 6.1: khugepaged collapses the buffer later"
                        : "madvise(MADV_COLLAPSE) refused (errno " + errno + ")";
            }
            return null;
        } catch (LinkageError | RuntimeException e) {
            return "native calls unavailable: " + e.getMessage();
        }
    }
}
