package btrfs.workbench.testsupport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadEvent.BadCopy;
import btrfs.workbench.readahead.event.ReadaheadEvent.Complete;
import btrfs.workbench.readahead.event.ReadaheadEvent.Enqueue;
import btrfs.workbench.readahead.event.ReadaheadEvent.Pick;
import btrfs.workbench.readahead.event.ReadaheadEvent.Skip;
import btrfs.workbench.readahead.event.ReadaheadEvent.StreamRead;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;
import btrfs.workbench.readahead.event.ReadaheadEvent.ZoneState;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * The readahead machine's invariants, checked on an event stream (recorded live or read from a
 * trace file). Each rule is an {@link Invariant}; a test plants a bug for every one of them
 * (PlantedTraceBugsTest) so that none of them holds by construction.
 */
public final class TraceInvariants {

    private TraceInvariants() {
    }

    /** One rule of the machine, as the trace shows it. */
    public enum Invariant {
        /** Events are numbered 1, 2, 3 ... in delivery order. */
        SEQUENCE,
        /** A pick names a zone from its own zone list, with the elements and lock it saw. */
        PICK_SEEN,
        /** A pick takes a zone with elements. */
        PICK_EMPTY,
        /**
         * reada_pick_zone: the fullest unlocked zone, the first of equals (in logical order); a
         * locked one only when no unlocked zone has elements.
         */
        PICK_ORDER,
        /** A device submits only after it picked a zone (reada only). */
        SUBMIT_AFTER_PICK,
        /** A device's submits lie in the zone it picked last (reada only). */
        SUBMIT_IN_ZONE,
        /** Between two picks a device's submits strictly ascend (reada only). */
        ASCENDING,
        /** No block (in scrub mode: no block on one device) is submitted while in flight. */
        IN_FLIGHT_TWICE,
        /** No copy is read twice (with {@code once}). */
        COPY_ONCE,
        /** A block is read again only after a bad copy of it: failover (with {@code once}). */
        BLOCK_ONCE,
        /** A submit names a copy of its block. */
        SUBMIT_COPY,
        /** A coalesced read's blocks are submitted one right after the other, on its device. */
        COALESCED_TOGETHER,
        /** A submit's in_flight is the trace's own count of that device's reads in flight. */
        IN_FLIGHT_COUNT,
        /** in_flight never exceeds the cap. */
        IN_FLIGHT_CAP,
        /** A complete ends a read of that block submitted on that device. */
        COMPLETE_MATCHES,
        /**
         * A streamed complete (zone streaming: no submit of its own) is good, comes right after an
         * enqueue of its block, and names a device that holds a copy of it which a stream_read of
         * that device read earlier.
         */
        STREAMED,
        /** A failed complete is followed at once by the bad_copy of that copy. */
        BAD_COPY_FOLLOWS,
        /** A bad_copy names a copy of the block that was read. */
        BAD_COPY_READ,
        /** No child of a generation-mismatched node is enqueued for that control afterwards. */
        GENERATION_CUT,
        /** Every read completes. */
        ALL_COMPLETED
    }

    /** A broken rule and where. */
    public record Violation(Invariant invariant, String detail) {
        @Override
        public String toString() {
            return invariant + ": " + detail;
        }
    }

    /**
     * What a trace is checked against.
     *
     * @param cap           reads in flight per device at most
     * @param once          every block read once (failover: again only after a bad copy)
     * @param reada         the port's order (picks, zones, ascending sweeps); false: the naive walk
     * @param scrub         every copy read, a block in flight on several devices at once
     * @param holdsInFlight a read counts in flight until its completion (the workbench); false:
     *                      only while it is submitted (v4.19)
     */
    public record Rules(int cap, boolean once, boolean reada, boolean scrub, boolean holdsInFlight) {
    }

    /** {@link #check(List, LongFunction, LongFunction, Rules)} of a workbench trace, scrub off. */
    public static List<String> check(List<ReadaheadEvent> all, LongFunction<List<StripeCopy>> mirrors,
            LongFunction<? extends Collection<Long>> children, int cap, boolean once, boolean reada) {
        return check(all, mirrors, children, cap, once, reada, false);
    }

    /**
     * {@link #check(List, LongFunction, LongFunction, Rules)} of a workbench trace, in scrub mode
     * when {@code scrub}: every device reads its own copies, so a block may be in flight on several
     * devices at once — but one copy is never in flight twice.
     */
    public static List<String> check(List<ReadaheadEvent> all, LongFunction<List<StripeCopy>> mirrors,
            LongFunction<? extends Collection<Long>> children, int cap, boolean once, boolean reada, boolean scrub) {
        return check(all, mirrors, children, new Rules(cap, once, reada, scrub, true));
    }

    /** The {@link Invariant}s broken by the trace, as text. */
    public static List<String> check(List<ReadaheadEvent> all, LongFunction<List<StripeCopy>> mirrors,
            LongFunction<? extends Collection<Long>> children, Rules rules) {
        return violations(all, mirrors, children, rules).stream().map(Violation::toString).toList();
    }

    /**
     * The {@link Invariant}s broken by the trace {@code all}, in trace order.
     *
     * @param mirrors  the copies of a block
     * @param children the child pointers of a node
     */
    public static List<Violation> violations(List<ReadaheadEvent> all, LongFunction<List<StripeCopy>> mirrors,
            LongFunction<? extends Collection<Long>> children, Rules rules) {
        Checker checker = new Checker(mirrors, rules);
        all.forEach(checker::accept);
        checker.finish(children);
        return checker.problems;
    }

    /** The trace read event by event, with the state each rule needs. */
    private static final class Checker {
        private final LongFunction<List<StripeCopy>> mirrors;
        private final Rules rules;
        final List<Violation> problems = new ArrayList<>();
        private long expectSeq = 1;
        private ReadaheadEvent previous;
        private final Set<String> copiesRead = new HashSet<>();
        private final Set<Long> everSubmitted = new HashSet<>();
        private final Set<Long> failedOver = new HashSet<>();
        /** per device: the reads (I/Os) in flight */
        private final Map<Long, Integer> inFlight = new HashMap<>();
        /** per flight key: its submit */
        private final Map<Long, Submit> inFlightOn = new HashMap<>();
        /** the copy's device of the last complete that failed: its bad_copy must follow */
        private long failedCopyDev;
        /** per read: its blocks not yet completed */
        private final Map<Long, Integer> blocksLeft = new HashMap<>();
        private final Map<Long, Pick> lastPick = new HashMap<>();
        private final Map<Long, Long> lastSubmit = new HashMap<>();
        /** "control:node" of a generation skip -> its first seq */
        private final Map<String, Long> genSkipped = new HashMap<>();
        /** "control:block" -> the seq of its last enqueue */
        private final Map<String, Long> enqueues = new HashMap<>();
        /** per device: the zone stream's reads so far, start -> end */
        private final Map<Long, TreeMap<Long, Long>> streamReads = new HashMap<>();

        Checker(LongFunction<List<StripeCopy>> mirrors, Rules rules) {
            this.mirrors = mirrors;
            this.rules = rules;
        }

        void fail(Invariant rule, String detail) {
            problems.add(new Violation(rule, detail));
        }

        void accept(ReadaheadEvent e) {
            if (e.seq() != expectSeq) {
                fail(Invariant.SEQUENCE, "event seq " + e.seq() + " out of order (expected " + expectSeq + ")");
            }
            expectSeq = e.seq() + 1;
            switch (e) {
                case Pick p -> pick(p);
                case Submit s -> submit(s);
                case Complete c -> complete(c);
                case BadCopy b -> badCopy(b);
                case Skip s when s.reason() == SkipReason.GENERATION -> genSkipped
                        .merge(s.control() + ":" + s.logical(), s.seq(), Math::min);
                case Enqueue q -> enqueues.merge(q.control() + ":" + q.logical(), q.seq(), Math::max);
                case StreamRead r -> streamReads.computeIfAbsent(r.dev(), d -> new TreeMap<>())
                        .put(r.physical(), r.physical() + r.bytes());
                default -> {
                }
            }
            if (previous instanceof Complete c && !c.ok()
                    && !(e instanceof BadCopy b && b.logical() == c.logical() && b.dev() == failedCopyDev)) {
                fail(Invariant.BAD_COPY_FOLLOWS, "failed read not followed by its bad copy: " + c);
            }
            previous = e;
        }

        /** What is in flight: a block, or in scrub mode a block on one device (one copy at a time). */
        private long flightKey(long logical, long dev) {
            return rules.scrub() ? logical * 31 + dev : logical;
        }

        private void pick(Pick p) {
            lastPick.put(p.dev(), p);
            lastSubmit.remove(p.dev());
            Violation wrong = wrongPick(p);
            if (wrong != null) {
                problems.add(wrong);
            }
        }

        private void submit(Submit s) {
            long key = flightKey(s.logical(), s.dev());
            if (inFlightOn.containsKey(key)) {
                fail(Invariant.IN_FLIGHT_TWICE, "logical " + s.logical() + " submitted while in flight");
            }
            readOnce(s);
            inFlightOn.put(key, s);
            blocksLeft.merge(s.read(), 1, Integer::sum);
            countInFlight(s);
            if (rules.reada()) {
                inPickedZone(s);
            }
            if (!mirrors.apply(s.logical()).contains(new StripeCopy(s.copyDev(), s.physical()))) {
                fail(Invariant.SUBMIT_COPY, "submit " + s + " names no copy of the block");
            }
        }

        private void readOnce(Submit s) {
            String copy = s.logical() + "@" + s.copyDev() + ":" + s.physical();
            boolean newCopy = copiesRead.add(copy);
            boolean newBlock = everSubmitted.add(s.logical());
            if (!rules.once()) {
                return;
            }
            if (!newCopy) {
                fail(Invariant.COPY_ONCE, "copy " + copy + " submitted twice");
            }
            // failover reads a block again, once per bad copy before; scrub reads every copy
            if (!rules.scrub() && !newBlock && !failedOver.remove(s.logical())) {
                fail(Invariant.BLOCK_ONCE, "logical " + s.logical() + " submitted twice without a bad copy before");
            }
        }

        private void countInFlight(Submit s) {
            boolean newRead = s.read() == s.seq();
            if (!newRead && !(previous instanceof Submit p && p.read() == s.read() && p.dev() == s.dev())) {
                fail(Invariant.COALESCED_TOGETHER, "block of read " + s.read() + " not submitted right after its others: "
                        + s);
            }
            // v4.19 counts a read in flight only while it is submitted: this one alone
            int n = !rules.holdsInFlight() ? 1
                    : newRead ? inFlight.merge(s.dev(), 1, Integer::sum) : inFlight.getOrDefault(s.dev(), 0);
            if (n != s.inFlight()) {
                fail(Invariant.IN_FLIGHT_COUNT, "submit says in_flight " + s.inFlight() + " but trace counts " + n);
            }
            if (s.inFlight() > rules.cap()) {
                fail(Invariant.IN_FLIGHT_CAP, "in_flight " + s.inFlight() + " > cap " + rules.cap() + " on devid "
                        + s.dev());
            }
        }

        private void inPickedZone(Submit s) {
            Pick p = lastPick.get(s.dev());
            if (p == null) {
                fail(Invariant.SUBMIT_AFTER_PICK, "submit without a pick on devid " + s.dev());
            } else if (Long.compareUnsigned(s.logical(), p.zoneStart()) < 0
                    || Long.compareUnsigned(s.logical(), p.zoneEnd()) > 0) {
                fail(Invariant.SUBMIT_IN_ZONE, "submit " + s.logical() + " outside picked zone [" + p.zoneStart()
                        + ", " + p.zoneEnd() + "] on devid " + s.dev());
            }
            Long prev = lastSubmit.put(s.dev(), s.logical());
            if (prev != null && Long.compareUnsigned(s.logical(), prev) <= 0) {
                fail(Invariant.ASCENDING, "devid " + s.dev() + " went back from " + prev + " to " + s.logical()
                        + " within one zone");
            }
        }

        private void complete(Complete c) {
            if (c.streamed()) {
                streamed(c);
                return;
            }
            long key = flightKey(c.logical(), c.dev());
            Submit s = inFlightOn.remove(key);
            if (s == null || s.dev() != c.dev()) {
                fail(Invariant.COMPLETE_MATCHES, "complete without matching submit: " + c);
                return;
            }
            failedCopyDev = s.copyDev(); // (v4.19 may read another device's copy)
            if (blocksLeft.merge(s.read(), -1, Integer::sum) == 0 && rules.holdsInFlight()) {
                inFlight.merge(c.dev(), -1, Integer::sum); // the read's last block
            }
        }

        private void streamed(Complete c) {
            if (!c.ok() || !(previous instanceof Enqueue q && q.logical() == c.logical())
                    || mirrors.apply(c.logical()).stream().noneMatch(copy -> copy.devid() == c.dev()
                            && wasStreamed(copy))) {
                fail(Invariant.STREAMED, "streamed complete not a good block of a copy on its device, read by its "
                        + "stream, right after its enqueue: " + c);
            }
        }

        private boolean wasStreamed(StripeCopy copy) {
            TreeMap<Long, Long> reads = streamReads.get(copy.devid());
            Map.Entry<Long, Long> read = reads == null ? null : reads.floorEntry(copy.physical());
            return read != null && copy.physical() < read.getValue();
        }

        private void badCopy(BadCopy b) {
            if (!copiesRead.contains(b.logical() + "@" + b.dev() + ":" + b.physical())
                    || !mirrors.apply(b.logical()).contains(new StripeCopy(b.dev(), b.physical()))) {
                fail(Invariant.BAD_COPY_READ, "bad copy of a copy not read: " + b);
            }
            failedOver.add(b.logical());
        }

        void finish(LongFunction<? extends Collection<Long>> children) {
            if (previous instanceof Complete c && !c.ok()) {
                fail(Invariant.BAD_COPY_FOLLOWS, "failed read not followed by its bad copy: " + c);
            }
            genSkipped.forEach((skip, seq) -> cutBranches(skip, seq, children));
            if (!inFlightOn.isEmpty()) {
                fail(Invariant.ALL_COMPLETED, "reads never completed: " + inFlightOn.keySet());
            }
        }

        private void cutBranches(String skip, long seq, LongFunction<? extends Collection<Long>> children) {
            String[] parts = skip.split(":");
            long control = Long.parseLong(parts[0]);
            long node = Long.parseLong(parts[1]);
            for (long child : children.apply(node)) {
                // (a damaged tree may point back at a block enqueued earlier: only later ones count)
                Long last = enqueues.get(control + ":" + child);
                if (last != null && last > seq) {
                    fail(Invariant.GENERATION_CUT, "child " + child + " of generation-mismatched " + node
                            + " enqueued for control " + control);
                }
            }
        }
    }

    /**
     * Why the pick is not the one reada_pick_zone must make from the zones it saw, or null:
     * computed from the event's own zone list, not from the engine's choice.
     */
    static Violation wrongPick(Pick p) {
        if (p.zones().isEmpty()) {
            return null; // an older trace: nothing to check against
        }
        ZoneState picked = p.zones().stream().filter(z -> z.start() == p.zoneStart()).findFirst().orElse(null);
        if (picked == null || picked.elems() != p.elems() || picked.locked() != p.locked()) {
            return new Violation(Invariant.PICK_SEEN, "pick of a zone it did not see as " + p.elems()
                    + (p.locked() ? " locked" : "") + ": " + p);
        }
        boolean anyUnlocked = p.zones().stream().anyMatch(z -> !z.locked() && z.elems() > 0);
        ZoneState best = null;
        for (ZoneState z : p.zones()) { // in logical order: of equals the first
            if (z.elems() > 0 && z.locked() != anyUnlocked && (best == null || z.elems() > best.elems())) {
                best = z;
            }
        }
        if (best == null) {
            return new Violation(Invariant.PICK_EMPTY, "pick of an empty zone: " + p);
        }
        if (best.start() != picked.start()) {
            return new Violation(Invariant.PICK_ORDER, "pick of zone " + picked + " over " + best
                    + " (fullest unlocked first, the first of equals): " + p);
        }
        return null;
    }
}
