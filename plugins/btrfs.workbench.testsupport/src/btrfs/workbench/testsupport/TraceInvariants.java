package btrfs.workbench.testsupport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadEvent.BadCopy;
import btrfs.workbench.readahead.event.ReadaheadEvent.Complete;
import btrfs.workbench.readahead.event.ReadaheadEvent.Enqueue;
import btrfs.workbench.readahead.event.ReadaheadEvent.Pick;
import btrfs.workbench.readahead.event.ReadaheadEvent.Skip;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.spi.StripeCopy;

/** The readahead machine's invariants, checked on an event stream (recorded live or read from a trace file). */
public final class TraceInvariants {

    private TraceInvariants() {
    }

    /** What is in flight: a block, or in scrub mode a block on one device (one copy of it at a time). */
    private static long flightKey(long logical, long dev, boolean scrub) {
        return scrub ? logical * 31 + dev : logical;
    }

    /**
     * The invariants of the port:
     * <ul>
     * <li>events are numbered 1, 2, 3 ... in delivery order;</li>
     * <li>no logical is submitted while it is in flight (and, with {@code once}, at most once —
     * or again only after a {@code bad_copy} of it, failover reading its next copy, never a copy
     * twice);</li>
     * <li>every failed {@code complete} is followed at once by the {@code bad_copy} of that copy,
     * and every {@code bad_copy} names a copy of the block that was read;</li>
     * <li>in_flight per device never exceeds the cap, and matches the reads (I/Os) submitted and
     * not yet completed: a coalesced read's blocks are submitted one right after the other and it
     * ends with its last block's completion;</li>
     * <li>per device, between two picks the submitted logicals strictly ascend and lie in the
     * picked zone;</li>
     * <li>a pick with locked:true had no unlocked alternatives;</li>
     * <li>no child of a generation-mismatched node is enqueued for that control.</li>
     * </ul>
     */
    public static List<String> check(List<ReadaheadEvent> all, LongFunction<List<StripeCopy>> mirrors,
            LongFunction<? extends Collection<Long>> children, int cap, boolean once, boolean reada) {
        return check(all, mirrors, children, cap, once, reada, false);
    }

    /**
     * {@link #check(List, LongFunction, LongFunction, int, boolean, boolean)} of a readahead in
     * scrub mode ({@code scrub}): every device reads its own copies, so a block may be in flight
     * on several devices at once — but one copy is never in flight twice, and with {@code once}
     * every copy is read at most once.
     */
    public static List<String> check(List<ReadaheadEvent> all, LongFunction<List<StripeCopy>> mirrors,
            LongFunction<? extends Collection<Long>> children, int cap, boolean once, boolean reada, boolean scrub) {
        List<String> problems = new ArrayList<>();
        Set<String> copiesRead = new HashSet<>();
        Set<Long> failedOver = new HashSet<>();
        long expectSeq = 1;
        Map<Long, Integer> inFlight = new HashMap<>();
        Map<Long, Long> inFlightOn = new HashMap<>();
        Map<Long, Long> readOf = new HashMap<>();
        Map<Long, Integer> blocksLeft = new HashMap<>();
        ReadaheadEvent previous = null;
        Set<Long> everSubmitted = new HashSet<>();
        Map<Long, Pick> lastPick = new HashMap<>();
        Map<Long, Long> lastSubmit = new HashMap<>();
        Map<String, Long> genSkipped = new HashMap<>();
        Map<String, Long> enqueues = new HashMap<>();
        for (ReadaheadEvent e : all) {
            if (e.seq() != expectSeq++) {
                problems.add("event seq " + e.seq() + " out of order (expected " + (expectSeq - 1) + ")");
                expectSeq = e.seq() + 1;
            }
            switch (e) {
                case Pick p -> {
                    lastPick.put(p.dev(), p);
                    lastSubmit.remove(p.dev());
                    if (p.locked() && p.unlockedAlternatives() != 0) {
                        problems.add("locked pick with unlocked alternatives: " + p);
                    }
                    if (p.elems() <= 0) {
                        problems.add("pick of an empty zone: " + p);
                    }
                }
                case Submit s -> {
                    long key = flightKey(s.logical(), s.dev(), scrub);
                    if (inFlightOn.containsKey(key)) {
                        problems.add("logical " + s.logical() + " submitted while in flight");
                    }
                    String copy = s.logical() + "@" + s.dev() + ":" + s.physical();
                    if (once && !copiesRead.add(copy)) {
                        problems.add("copy " + copy + " submitted twice");
                    }
                    if (once && !scrub && !everSubmitted.add(s.logical()) && !failedOver.remove(s.logical())) {
                        problems.add("logical " + s.logical() + " submitted twice without a bad copy before");
                    }
                    everSubmitted.add(s.logical());
                    copiesRead.add(copy);
                    inFlightOn.put(key, s.dev());
                    readOf.put(key, s.read());
                    blocksLeft.merge(s.read(), 1, Integer::sum);
                    boolean newRead = s.read() == s.seq();
                    if (!newRead && !(previous instanceof Submit p && p.read() == s.read() && p.dev() == s.dev())) {
                        problems.add("block of read " + s.read() + " not submitted right after its others: " + s);
                    }
                    int n = newRead ? inFlight.merge(s.dev(), 1, Integer::sum) : inFlight.getOrDefault(s.dev(), 0);
                    if (n != s.inFlight()) {
                        problems.add("submit says in_flight " + s.inFlight() + " but trace counts " + n);
                    }
                    if (s.inFlight() > cap) {
                        problems.add("in_flight " + s.inFlight() + " > cap " + cap + " on devid " + s.dev());
                    }
                    if (reada) {
                        Pick p = lastPick.get(s.dev());
                        if (p == null) {
                            problems.add("submit without a pick on devid " + s.dev());
                        } else if (Long.compareUnsigned(s.logical(), p.zoneStart()) < 0
                                || Long.compareUnsigned(s.logical(), p.zoneEnd()) > 0) {
                            problems.add("submit " + s.logical() + " outside picked zone [" + p.zoneStart() + ", "
                                    + p.zoneEnd() + "] on devid " + s.dev());
                        }
                        Long prev = lastSubmit.put(s.dev(), s.logical());
                        if (prev != null && Long.compareUnsigned(s.logical(), prev) <= 0) {
                            problems.add("devid " + s.dev() + " went back from " + prev + " to " + s.logical()
                                    + " within one zone");
                        }
                    }
                    if (!mirrors.apply(s.logical()).contains(new StripeCopy(s.dev(), s.physical()))) {
                        problems.add("submit " + s + " names no copy of the block");
                    }
                }
                case Complete c -> {
                    long key = flightKey(c.logical(), c.dev(), scrub);
                    Long dev = inFlightOn.remove(key);
                    if (dev == null || dev != c.dev()) {
                        problems.add("complete without matching submit: " + c);
                    } else if (blocksLeft.merge(readOf.remove(key), -1, Integer::sum) == 0) {
                        inFlight.merge(c.dev(), -1, Integer::sum); // the read's last block
                    }
                }
                case BadCopy b -> {
                    if (!copiesRead.contains(b.logical() + "@" + b.dev() + ":" + b.physical())
                            || !mirrors.apply(b.logical()).contains(new StripeCopy(b.dev(), b.physical()))) {
                        problems.add("bad copy of a copy not read: " + b);
                    }
                    failedOver.add(b.logical());
                }
                case Skip s -> {
                    if (s.reason() == SkipReason.GENERATION) {
                        genSkipped.merge(s.control() + ":" + s.logical(), s.seq(), Math::min);
                    }
                }
                case Enqueue q -> enqueues.merge(q.control() + ":" + q.logical(), q.seq(), Math::max);
                default -> {
                }
            }
            if (previous instanceof Complete c && !c.ok()
                    && !(e instanceof BadCopy b && b.logical() == c.logical() && b.dev() == c.dev())) {
                problems.add("failed read not followed by its bad copy: " + c);
            }
            previous = e;
        }
        for (Map.Entry<String, Long> skip : genSkipped.entrySet()) {
            String[] parts = skip.getKey().split(":");
            long control = Long.parseLong(parts[0]);
            long node = Long.parseLong(parts[1]);
            for (long child : children.apply(node)) {
                // (a damaged tree may point back at a block enqueued earlier: only later ones count)
                Long last = enqueues.get(control + ":" + child);
                if (last != null && last > skip.getValue()) {
                    problems.add("child " + child + " of generation-mismatched " + node + " enqueued for control "
                            + control);
                }
            }
        }
        if (previous instanceof Complete c && !c.ok()) {
            problems.add("failed read not followed by its bad copy: " + c);
        }
        if (!inFlightOn.isEmpty()) {
            problems.add("reads never completed: " + inFlightOn.keySet());
        }
        return problems;
    }
}
