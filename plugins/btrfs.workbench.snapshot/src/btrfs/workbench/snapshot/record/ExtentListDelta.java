package btrfs.workbench.snapshot.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import btrfs.workbench.readahead.state.ExtentSnapshot;

/**
 * How an ordered list of extents (a device's queue in read order, or the window of it an engine
 * snapshot holds) changed from one frame to the next: extents gone, extents come in at their new
 * positions, extents whose state changed in place. When the survivors changed their order (a
 * device picked a new zone: its read order wraps elsewhere) or a logical address appears twice,
 * the whole list is written instead.
 *
 * @param full     the whole new list, or null for a difference
 * @param removed  logical addresses of the extents gone
 * @param inserted new extents, at their index in the new list, ascending
 * @param updated  extents present before whose fields changed, at their index in the new list
 */
public record ExtentListDelta(List<ExtentSnapshot> full, List<Long> removed, List<At> inserted, List<At> updated) {

    /** An extent at an index of the new list. */
    public record At(int index, ExtentSnapshot extent) {
    }

    public ExtentListDelta {
        removed = removed == null ? List.of() : List.copyOf(removed);
        inserted = inserted == null ? List.of() : List.copyOf(inserted);
        updated = updated == null ? List.of() : List.copyOf(updated);
    }

    static ExtentListDelta whole(List<ExtentSnapshot> list) {
        return new ExtentListDelta(list, null, null, null);
    }

    boolean isEmpty() {
        return full == null && removed.isEmpty() && inserted.isEmpty() && updated.isEmpty();
    }

    /** The change from {@code before} to {@code after}. */
    static ExtentListDelta between(List<ExtentSnapshot> before, List<ExtentSnapshot> after) {
        Map<Long, ExtentSnapshot> old = byLogical(before);
        Set<Long> now = logicals(after);
        if (old == null || now == null) {
            return whole(after);
        }
        List<Long> removed = new ArrayList<>();
        List<ExtentSnapshot> survivors = new ArrayList<>(before.size());
        for (ExtentSnapshot e : before) {
            if (now.contains(e.logical())) {
                survivors.add(e);
            } else {
                removed.add(e.logical());
            }
        }
        List<At> inserted = new ArrayList<>();
        List<At> updated = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < after.size(); i++) {
            ExtentSnapshot e = after.get(i);
            if (next < survivors.size() && survivors.get(next).logical() == e.logical()) {
                if (!survivors.get(next).equals(e)) {
                    updated.add(new At(i, e));
                }
                next++;
            } else if (old.containsKey(e.logical())) {
                return whole(after); // a survivor moved: the order changed
            } else {
                inserted.add(new At(i, e));
            }
        }
        return new ExtentListDelta(null, removed, inserted, updated);
    }

    /** The list after this change, given the one before it. */
    List<ExtentSnapshot> applyTo(List<ExtentSnapshot> before) {
        if (full != null) {
            return List.copyOf(full);
        }
        Set<Long> gone = new HashSet<>(removed);
        List<ExtentSnapshot> survivors = before.stream().filter(e -> !gone.contains(e.logical())).toList();
        int size = survivors.size() + inserted.size();
        List<ExtentSnapshot> after = new ArrayList<>(size);
        int s = 0;
        int in = 0;
        for (int i = 0; i < size; i++) {
            if (in < inserted.size() && inserted.get(in).index() == i) {
                after.add(inserted.get(in++).extent());
            } else if (s < survivors.size()) {
                after.add(survivors.get(s++));
            } else {
                throw new IllegalArgumentException("extent list delta does not fit the frame before it");
            }
        }
        for (At u : updated) {
            if (after.get(u.index()).logical() != u.extent().logical()) {
                throw new IllegalArgumentException("update of " + u.extent().logical() + " at the wrong index");
            }
            after.set(u.index(), u.extent());
        }
        return List.copyOf(after);
    }

    /** The extents by logical address, or null if one appears twice (the delta needs them unique). */
    private static Map<Long, ExtentSnapshot> byLogical(List<ExtentSnapshot> list) {
        Map<Long, ExtentSnapshot> map = new HashMap<>(list.size() * 2);
        for (ExtentSnapshot e : list) {
            if (map.put(e.logical(), e) != null) {
                return null;
            }
        }
        return map;
    }

    private static Set<Long> logicals(List<ExtentSnapshot> list) {
        Map<Long, ExtentSnapshot> map = byLogical(list);
        return map == null ? null : map.keySet();
    }
}
