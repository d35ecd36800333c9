package btrfs.workbench.readahead.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.readahead.io.FilesystemTarget;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Readahead threads run in the background where Linux allows it: idle I/O class (the kernel's
 * BTRFS_IOPRIO_READA) and nice 10; threads of a target asked for normal priority stay as they are.
 */
class ThreadPriorityTest {

    private static int[] onIoThread(boolean background) throws Exception {
        TestArray array = TestArrays.named("single-crc32c-16k");
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) BtrfsFilesystem.openPaths(array.unpackedImages()))
                .filesystem();
                FilesystemTarget target = new FilesystemTarget(fs, 1, IoModel.NONE, background)) {
            long root = fs.superblock().root();
            StripeCopy copy = target.mirrors(root).get(0);
            CompletableFuture<int[]> seen = new CompletableFuture<>();
            target.read(copy, root, new ReadCallback() {
                @Override
                public void completed(ReadBlock block) {
                    seen.complete(ThreadPriority.current());
                }

                @Override
                public void failed(String reason) {
                    seen.completeExceptionally(new AssertionError(reason));
                }
            });
            return seen.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void ioThreadsReadInTheBackground() throws Exception {
        assumeTrue(ThreadPriority.current() != null, "per-thread priorities are Linux x86-64/aarch64 only");
        int[] background = onIoThread(true);
        assertNotNull(background);
        assertArrayEquals(new int[] { 3, ThreadPriority.NICE }, background, "idle I/O class, nice 10");
        int[] normal = onIoThread(false);
        assertArrayEquals(ThreadPriority.current(), normal, "as the thread that made it");
    }
}
