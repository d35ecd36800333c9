package btrfs.workbench.readahead.event;

import java.util.List;

/**
 * One step of the readahead machine, in the order the engine took it ({@link #seq()} ascending).
 * {@code t} is nanoseconds since the engine was created; {@code dev} a devid; {@code logical},
 * {@code zoneStart} and {@code zoneEnd} logical addresses; {@code physical} the byte offset on
 * the device; {@code control} a {@link btrfs.workbench.readahead.ReadaheadControl#id control id}.
 */
public sealed interface ReadaheadEvent {

    /** Position in the engine's event order, 1, 2, 3 ... */
    long seq();

    /** Nanoseconds since the engine was created. */
    long t();

    /** The event's name in the stream: pick, submit, complete, enqueue, skip, finish, bad_copy, stream_read. */
    String type();

    /**
     * reada_pick_zone chose a zone for a device.
     *
     * @param zones every zone of the device as the pick saw it, in logical order: what the choice
     *              is checked against (the fullest unlocked zone, the first of equals, a locked one
     *              only when no unlocked zone has elements)
     */
    record Pick(long seq, long t, long dev, long zoneStart, long zoneEnd, long elems, boolean locked,
            List<ZoneState> zones) implements ReadaheadEvent {

        public Pick {
            zones = List.copyOf(zones);
        }

        /** Unlocked zones with elements other than the one picked: what a locked pick passed over. */
        public int unlockedAlternatives() {
            return (int) zones.stream().filter(z -> !z.locked() && z.elems() > 0 && z.start() != zoneStart).count();
        }

        @Override
        public String type() {
            return "pick";
        }
    }

    /** A zone of a device at a pick: its start, elements and lock. */
    record ZoneState(long start, long elems, boolean locked) {
    }

    /**
     * A block's read was issued by a device ({@code dev}: whose queue and zone it came from) of
     * the copy on {@code copyDev} at {@code physical} — the same device but for v4.19's mirror_num
     * quirk (see EngineMode). {@code inFlight} counts the reads (I/Os) in flight on {@code dev},
     * this one included (v4.19: only while it is submitted). {@code read} names the I/O the block
     * goes in: the seq of the submit of its first block. Without coalescing every block is its own
     * read ({@code read == seq}); a coalesced read of n back-to-back blocks is n submits in a row
     * with the first one's seq, counted once in {@code inFlight}.
     */
    record Submit(long seq, long t, long dev, long logical, long copyDev, long physical, int inFlight, long read)
            implements ReadaheadEvent {

        /** A block read from the device's own copy, in a read of its own. */
        public Submit(long seq, long t, long dev, long logical, long physical, int inFlight) {
            this(seq, t, dev, logical, dev, physical, inFlight, seq);
        }

        /** A block read from the device's own copy. */
        public Submit(long seq, long t, long dev, long logical, long physical, int inFlight, long read) {
            this(seq, t, dev, logical, dev, physical, inFlight, read);
        }

        @Override
        public String type() {
            return "submit";
        }
    }

    /**
     * A read completed. On failure {@code level} is -1, {@code generation} 0 and {@code error}
     * the reason; on success {@code error} is null. {@code streamed}: no read of its own was
     * submitted — zone streaming read the block earlier on {@code dev}, reading through its zone
     * (its Enqueue comes right before).
     */
    record Complete(long seq, long t, long dev, long logical, boolean ok, int level, long generation, String error,
            boolean streamed) implements ReadaheadEvent {

        /** A block's own read completed. */
        public Complete(long seq, long t, long dev, long logical, boolean ok, int level, long generation,
                String error) {
            this(seq, t, dev, logical, ok, level, generation, error, false);
        }

        @Override
        public String type() {
            return "complete";
        }
    }

    /** A block was enqueued for a control (reada_add_block), expecting {@code generation}. */
    record Enqueue(long seq, long t, long logical, long control, long generation) implements ReadaheadEvent {
        @Override
        public String type() {
            return "enqueue";
        }
    }

    /**
     * A block was skipped for a control: for {@code generation} {@code logical} is the node that
     * was read but not descended into; for the others the block that was not enqueued.
     */
    record Skip(long seq, long t, long logical, long control, SkipReason reason) implements ReadaheadEvent {
        @Override
        public String type() {
            return "skip";
        }
    }

    /** A control's last element finished (elems reached 0); it is released. */
    record Finish(long seq, long t, long control, boolean cancelled, long blocks, long errors,
            long generationSkips) implements ReadaheadEvent {
        @Override
        public String type() {
            return "finish";
        }
    }

    /**
     * A read of the zone stream finished (not in v4.19, which had no streaming): {@code bytes} from
     * {@code physical} on {@code dev}, issued at {@code issued} and answered at {@code answered}
     * (nanoseconds, as {@code t}). Its blocks are served to the walk as streamed {@link Complete}s
     * when the walk wants them; the stream's reads are reported in the order they were issued.
     */
    record StreamRead(long seq, long t, long dev, long physical, long bytes, long issued, long answered)
            implements ReadaheadEvent {
        @Override
        public String type() {
            return "stream_read";
        }
    }

    /**
     * A copy of a block is bad: its read failed or it did not validate (right after its
     * {@link Complete} with {@code ok} false), or in scrub mode its bytes differ from the good
     * copy's (when the block's last copy was read). With failover the block is then read from
     * its next copy, if it has one; {@code reason} says what is wrong.
     */
    record BadCopy(long seq, long t, long logical, long dev, long physical, String reason) implements ReadaheadEvent {
        @Override
        public String type() {
            return "bad_copy";
        }
    }
}
