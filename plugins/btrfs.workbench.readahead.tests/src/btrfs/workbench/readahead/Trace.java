package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadEvent.Enqueue;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.testsupport.TraceInvariants;

/** Records the event stream and checks the machine's invariants on it. */
final class Trace implements ReadaheadListener {

    private final List<ReadaheadEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(ReadaheadEvent event) {
        events.add(event);
    }

    synchronized List<ReadaheadEvent> events() {
        return List.copyOf(events);
    }

    <T extends ReadaheadEvent> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ReadaheadEvent e : events()) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** Logicals submitted, in order (with repeats). */
    List<Long> submitted() {
        return of(Submit.class).stream().map(Submit::logical).toList();
    }

    Set<Long> enqueued(long control) {
        Set<Long> out = new LinkedHashSet<>();
        for (Enqueue e : of(Enqueue.class)) {
            if (e.control() == control) {
                out.add(e.logical());
            }
        }
        return out;
    }

    Map<Long, Long> submitsPerDevice() {
        Map<Long, Long> out = new HashMap<>();
        for (Submit s : of(Submit.class)) {
            out.merge(s.dev(), 1L, Long::sum);
        }
        return out;
    }

    /** {@link TraceInvariants#check} on this trace of a simulated array. */
    List<String> check(SimArray a, int cap, boolean once, boolean reada) {
        return TraceInvariants.check(events(), a::mirrors, a::children, cap, once, reada);
    }

    /** {@link TraceInvariants#check} on this trace of a simulated array, under {@code rules}. */
    List<String> check(SimArray a, TraceInvariants.Rules rules) {
        return TraceInvariants.check(events(), a::mirrors, a::children, rules);
    }

    /** {@link TraceInvariants#check} of a scrub on a simulated array. */
    List<String> checkScrub(SimArray a, int cap) {
        return TraceInvariants.check(events(), a::mirrors, a::children, cap, true, true, true);
    }

    /** How often each copy was submitted: "logical@devid:physical" to count. */
    Map<String, Long> copiesSubmitted() {
        Map<String, Long> out = new HashMap<>();
        for (Submit s : of(Submit.class)) {
            out.merge(s.logical() + "@" + s.dev() + ":" + s.physical(), 1L, Long::sum);
        }
        return out;
    }
}
