package btrfs.workbench.metadata.chunk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Logical to physical mapping: the chunks of a filesystem, sorted by logical
 * address (unsigned), without overlaps.
 * <p>
 * {@link #mirrors(long)} follows the kernel's
 * {@code __btrfs_map_block(BTRFS_MAP_GET_READ_MIRRORS)} (v4.19, with the
 * RAID1C3/RAID1C4 profiles of later kernels), which is what readahead uses.
 */
public final class ChunkMap {

    private final TreeMap<Long, ChunkItem> byLogical;

    private ChunkMap(TreeMap<Long, ChunkItem> byLogical) {
        this.byLogical = byLogical;
    }

    /**
     * A map of {@code chunks}. A chunk overlapping an earlier one (in
     * logical order) is left out and reported to {@code problems}.
     */
    public static ChunkMap of(Collection<ChunkItem> chunks, List<ChunkProblem> problems) {
        TreeMap<Long, ChunkItem> sorted = new TreeMap<>(Long::compareUnsigned);
        List<ChunkItem> inOrder = new ArrayList<>(chunks);
        inOrder.sort((a, b) -> Long.compareUnsigned(a.logical(), b.logical()));
        ChunkItem previous = null;
        for (ChunkItem chunk : inOrder) {
            if (previous != null && Long.compareUnsigned(chunk.logical(), previous.end()) < 0) {
                problems.add(new ChunkProblem(chunk.logical(), "chunk map", "overlaps chunk "
                        + Long.toUnsignedString(previous.logical()) + " (length "
                        + Long.toUnsignedString(previous.length()) + "); left out"));
                continue;
            }
            sorted.put(chunk.logical(), chunk);
            previous = chunk;
        }
        return new ChunkMap(sorted);
    }

    /** All chunks in logical order. */
    public List<ChunkItem> chunks() {
        return List.copyOf(byLogical.values());
    }

    /** The chunk containing {@code logical}. */
    public Optional<ChunkItem> chunkAt(long logical) {
        Map.Entry<Long, ChunkItem> entry = byLogical.floorEntry(logical);
        if (entry == null || !entry.getValue().contains(logical)) {
            return Optional.empty();
        }
        return Optional.of(entry.getValue());
    }

    /**
     * Every place {@code logical} can be read from, in the kernel's order:
     * all stripes for DUP and RAID1/1C3/1C4, the two stripes of the RAID10
     * pair, the one stripe for SINGLE and RAID0, and for RAID5/6 only the
     * data stripe (parity is not a copy). Empty if no chunk maps the address.
     */
    public List<Mirror> mirrors(long logical) {
        return chunkAt(logical).map(chunk -> mirrors(chunk, logical)).orElse(List.of());
    }

    /**
     * Which of {@link #mirrors(ChunkItem, long)} {@code copy} is, counted from 1 (the kernel's
     * mirror_num); 0 if it is none. Without building the list: a span read asks this for every
     * block it holds.
     */
    public static int mirrorNumber(ChunkItem chunk, long logical, Mirror copy) {
        StripePosition pos = StripePosition.of(chunk, logical);
        for (int i = 0; i < pos.count(); i++) {
            Stripe stripe = chunk.stripes().get(pos.firstIndex() + i);
            if (stripe.devid() == copy.devid() && pos.physical(stripe) == copy.physical()) {
                return i + 1;
            }
        }
        return 0;
    }

    /** {@link #mirrors(long)} within a known chunk. */
    public static List<Mirror> mirrors(ChunkItem chunk, long logical) {
        StripePosition pos = StripePosition.of(chunk, logical);
        List<Mirror> mirrors = new ArrayList<>();
        for (int i = 0; i < pos.count(); i++) {
            Stripe stripe = chunk.stripes().get(pos.firstIndex() + i);
            mirrors.add(new Mirror(stripe.devid(), pos.physical(stripe)));
        }
        return List.copyOf(mirrors);
    }

    /**
     * How many bytes from {@code logical} on stay physically contiguous on
     * each mirror: to the end of the stripe unit for striped profiles
     * (RAID0, RAID10, RAID5/6), to the end of the chunk otherwise. 0 if unmapped.
     */
    public long contiguousBytes(long logical) {
        return chunkAt(logical).map(chunk -> contiguousBytes(chunk, logical)).orElse(0L);
    }

    /** {@link #contiguousBytes(long)} within a known chunk. */
    public static long contiguousBytes(ChunkItem chunk, long logical) {
        long toChunkEnd = chunk.end() - logical;
        if (!isStriped(chunk.profile())) {
            return toChunkEnd;
        }
        long inStripe = chunk.stripeLen() - Long.remainderUnsigned(logical - chunk.logical(), chunk.stripeLen());
        return Long.compareUnsigned(inStripe, toChunkEnd) < 0 ? inStripe : toChunkEnd;
    }

    /**
     * For a RAID5/6 chunk: the full stripe holding {@code logical}, one slot
     * per stripe of the chunk (data, P and Q with the kernel's rotation).
     * Empty for other profiles or unmapped addresses.
     */
    public Optional<FullStripe> fullStripe(long logical) {
        return chunkAt(logical).filter(c -> c.profile().isParity()).map(c -> FullStripe.of(c, logical));
    }

    private static boolean isStriped(BlockGroupProfile profile) {
        return profile == BlockGroupProfile.RAID0 || profile == BlockGroupProfile.RAID10 || profile.isParity();
    }

    @Override
    public String toString() {
        return "ChunkMap" + byLogical.values();
    }
}
