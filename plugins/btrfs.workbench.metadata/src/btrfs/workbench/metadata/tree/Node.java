package btrfs.workbench.metadata.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;

/** An interior tree block (level 1..7): its key pointers in key order. */
public record Node(Header header, int size, List<NodePointer> pointers) implements TreeBlock {

    public Node {
        Objects.requireNonNull(header, "header");
        pointers = List.copyOf(pointers);
    }

    @Override
    public int freeSpace() {
        return TreeBlock.maxPointers(size) - pointers.size();
    }

    @Override
    public List<Key> keys() {
        return pointers.stream().map(NodePointer::key).toList();
    }

    @Override
    public Key firstKey() {
        return pointers.isEmpty() ? null : pointers.get(0).key();
    }

    /**
     * The children a readahead of {@code range} needs, as the kernel's
     * {@code __readahead_hook} chooses them: child i covers
     * [key(i), key(i+1)), the last child [key(last), {@code top}), where
     * {@code top} is the upper bound this node itself was reached with
     * ({@link Key#MAX} for a root). A child is taken if that span
     * intersects [range.start, range.end).
     */
    public List<ChildRef> childrenIn(KeyRange range, Key top) {
        List<ChildRef> children = new ArrayList<>();
        for (int i = 0; i < pointers.size(); i++) {
            NodePointer ptr = pointers.get(i);
            Key next = i + 1 < pointers.size() ? pointers.get(i + 1).key() : top;
            if (ptr.key().isBefore(range.end()) && range.start().isBefore(next)) {
                children.add(new ChildRef(ptr, header.level() - 1, next));
            }
        }
        return List.copyOf(children);
    }
}
