package btrfs.workbench.metadata.chunk;

/**
 * Where a logical address falls inside a chunk, the arithmetic of the
 * kernel's {@code __btrfs_map_block} for a read-mirrors request.
 *
 * @param firstIndex   index of the first stripe holding the address
 * @param count        how many consecutive stripes from there hold a copy
 * @param stripeNr     stripe unit number on each of those devices
 * @param stripeOffset offset inside the stripe unit
 * @param stripeLen    the chunk's stripe unit length
 */
record StripePosition(int firstIndex, int count, long stripeNr, long stripeOffset, long stripeLen) {

    static StripePosition of(ChunkItem chunk, long logical) {
        long offset = logical - chunk.logical();
        long stripeLen = chunk.stripeLen();
        long stripeNr = Long.divideUnsigned(offset, stripeLen);
        long stripeOffset = Long.remainderUnsigned(offset, stripeLen);
        int n = chunk.numStripes();
        return switch (chunk.profile()) {
            // Stripe units go round-robin over all stripes.
            case RAID0, SINGLE -> new StripePosition(index(stripeNr, n), 1, Long.divideUnsigned(stripeNr, n),
                    stripeOffset, stripeLen);
            // Every stripe holds the whole chunk at the same offset.
            case DUP, RAID1, RAID1C3, RAID1C4 -> new StripePosition(0, n, stripeNr, stripeOffset, stripeLen);
            case RAID10 -> raid10(chunk, stripeNr, stripeOffset);
            case RAID5, RAID6 -> raid56(chunk, stripeNr, stripeOffset);
        };
    }

    /** Stripe units go round-robin over the mirror sets of sub_stripes devices each. */
    private static StripePosition raid10(ChunkItem chunk, long stripeNr, long stripeOffset) {
        int sub = chunk.subStripes();
        int factor = chunk.numStripes() / sub;
        int first = index(stripeNr, factor) * sub;
        return new StripePosition(first, sub, Long.divideUnsigned(stripeNr, factor), stripeOffset,
                chunk.stripeLen());
    }

    /**
     * Data units fill a full stripe of n - parity units; the whole set is
     * rotated by one device per full stripe so parity is spread over all
     * devices: data unit i of full stripe s lives on stripe (s + i) mod n.
     */
    private static StripePosition raid56(ChunkItem chunk, long stripeNr, long stripeOffset) {
        int n = chunk.numStripes();
        int dataStripes = n - chunk.profile().parityStripes();
        long fullStripe = Long.divideUnsigned(stripeNr, dataStripes);
        int dataIndex = index(stripeNr, dataStripes);
        int stripe = (int) Long.remainderUnsigned(fullStripe + dataIndex, n);
        return new StripePosition(stripe, 1, fullStripe, stripeOffset, chunk.stripeLen());
    }

    private static int index(long stripeNr, int count) {
        return (int) Long.remainderUnsigned(stripeNr, count);
    }

    /** The physical address on {@code stripe} (one of this position's stripes). */
    long physical(Stripe stripe) {
        return stripe.offset() + stripeNr * stripeLen + stripeOffset;
    }
}
