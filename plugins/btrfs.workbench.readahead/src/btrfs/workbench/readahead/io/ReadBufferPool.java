package btrfs.workbench.readahead.io;

import java.nio.ByteBuffer;

import btrfs.workbench.readahead.os.HugePages;

/**
 * The I/O threads' buffers for coalesced and stream reads, one per thread for the target's life:
 * where huge pages are asked for and to be had, slots of {@link #SLOT} bytes cut from regions in
 * huge pages ({@link HugePages}: a read lands in one physically contiguous segment, not one per
 * 4 KiB page), else page-aligned direct buffers of their own. Measured in process on the
 * benchmark's direct-I/O loop devices (4-device RAID10, all trees streamed, six alternating cold
 * runs): 0.287 s median in huge pages against 0.314 s, the disk merging no requests against
 * 476-612 MB of them, and the devices ending together.
 */
final class ReadBufferPool {

    /** The largest read a slot takes: a coalesced read's and a stream read's most. */
    static final int SLOT = 1 << 20;

    /** Slots per region: four huge pages' worth, so that aligning a region wastes at most a fifth. */
    private static final int SLOTS_PER_REGION = 8;

    private static final int PAGE = 4096;

    private final boolean huge;
    private ByteBuffer region;
    /** Slots taken from the newest region, and from all. */
    private int taken;
    private int slots;
    /** Why slots are not in huge pages, or null. */
    private String refused;

    /** @param huge cut slots from huge pages where the kernel has them */
    ReadBufferPool(boolean huge) {
        this.refused = !huge ? "not asked for" : HugePages.unavailable();
        if (refused == null && HugePages.SIZE < SLOT) {
            refused = "huge pages of " + HugePages.SIZE + " bytes are smaller than a read";
        }
        this.huge = refused == null;
    }

    /** A direct, page-aligned buffer of at least {@code bytes}, for the calling thread to keep. */
    synchronized ByteBuffer take(int bytes) {
        if (!huge || bytes > SLOT) {
            return plain(bytes);
        }
        if (region == null || taken == SLOTS_PER_REGION) {
            region = newRegion();
            taken = 0;
        }
        slots++;
        return region.slice(SLOT * taken++, SLOT);
    }

    /** Slots handed out so far. */
    synchronized int slots() {
        return slots;
    }

    /** Why slots are not in huge pages (null: they are, or none was taken yet). */
    synchronized String refused() {
        return refused;
    }

    private ByteBuffer newRegion() {
        int bytes = SLOT * SLOTS_PER_REGION;
        ByteBuffer r = ByteBuffer.allocateDirect(bytes + HugePages.SIZE).alignedSlice(HugePages.SIZE).limit(bytes)
                .slice();
        String why = HugePages.advise(r);
        if (why != null) {
            refused = why; // the buffers work all the same, in ordinary pages
        }
        return r;
    }

    /** Whole pages: an aligned slice keeps only whole units, so a ragged length would come out short. */
    private static ByteBuffer plain(int bytes) {
        int pages = (bytes + PAGE - 1) & -PAGE;
        return ByteBuffer.allocateDirect(pages + PAGE).alignedSlice(PAGE);
    }
}
