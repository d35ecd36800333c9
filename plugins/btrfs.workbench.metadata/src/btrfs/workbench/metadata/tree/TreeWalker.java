package btrfs.workbench.metadata.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.tree.BlockProblem.Kind;

/**
 * Visits the blocks of one tree whose key span intersects a {@link KeyRange},
 * each block at most once, depth-first in key order.
 * <p>
 * Bounded on any input: every step goes one level down and levels are 0..7,
 * so paths are at most 8 blocks long; a block reached a second time (a
 * pointer cycle or a subtree shared inside one tree, both invalid) is
 * reported and not descended into again.
 */
public final class TreeWalker {

    private final TreeBlockReader reader;

    public TreeWalker(TreeBlockReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** One pending read: a block and what its referrer promised. */
    private record Pending(long bytenr, BlockExpectation expect, Key top) {
    }

    /** Walks the tree of {@code root} over {@code range}; stops early when the visitor says so. */
    public void walk(TreeRoot root, KeyRange range, TreeVisitor visitor) {
        Deque<Pending> stack = new ArrayDeque<>();
        Set<Long> visited = new HashSet<>();
        stack.push(new Pending(root.bytenr(), root.expectation(), Key.MAX));
        while (!stack.isEmpty()) {
            Pending next = stack.pop();
            if (!visited.add(next.bytenr())) {
                if (!visitor.problem(BlockProblem.of(Kind.ALREADY_VISITED, next.bytenr(),
                        "reached again in tree " + root.name() + "; not descended into twice"))) {
                    return;
                }
                continue;
            }
            if (!step(next, range, visitor, stack)) {
                return;
            }
        }
    }

    private boolean step(Pending next, KeyRange range, TreeVisitor visitor, Deque<Pending> stack) {
        BlockRead read = reader.read(next.bytenr(), next.expect());
        if (read instanceof BlockRead.Bad bad) {
            for (BlockProblem problem : bad.problems()) {
                if (!visitor.problem(problem)) {
                    return false;
                }
            }
            return true;
        }
        BlockRead.Good good = (BlockRead.Good) read;
        if (!visitor.visit(new VisitedBlock(good.block(), good.mirror(), good.where(), good.problems()))) {
            return false;
        }
        if (good.block() instanceof Node node) {
            List<ChildRef> children = node.childrenIn(range, next.top());
            // Pushed last child first, so the first child is read next: depth-first in key order.
            for (int i = children.size() - 1; i >= 0; i--) {
                ChildRef child = children.get(i);
                stack.push(new Pending(child.bytenr(), BlockExpectation.of(child), child.top()));
            }
        }
        return true;
    }

    /** Walks and collects everything. */
    public WalkResult collect(TreeRoot root, KeyRange range) {
        List<VisitedBlock> blocks = new ArrayList<>();
        List<BlockProblem> problems = new ArrayList<>();
        List<BlockProblem> recovered = new ArrayList<>();
        walk(root, range, new TreeVisitor() {
            @Override
            public boolean visit(VisitedBlock block) {
                blocks.add(block);
                recovered.addAll(block.recovered());
                return true;
            }

            @Override
            public boolean problem(BlockProblem problem) {
                problems.add(problem);
                return true;
            }
        });
        return new WalkResult(blocks, problems, recovered);
    }

    /** Receives the items of a walk's leaves that lie in the range. */
    @FunctionalInterface
    public interface ItemConsumer {
        void accept(Leaf leaf, int index);
    }

    /**
     * Calls {@code consumer} for every leaf item whose key lies in
     * {@code range}, in key order. Returns every problem met: blocks that
     * could not be read and bad mirrors that were got around.
     */
    public List<BlockProblem> forEachItem(TreeRoot root, KeyRange range, ItemConsumer consumer) {
        List<BlockProblem> problems = new ArrayList<>();
        walk(root, range, new TreeVisitor() {
            @Override
            public boolean visit(VisitedBlock visited) {
                problems.addAll(visited.recovered());
                if (visited.block() instanceof Leaf leaf) {
                    for (int i = 0; i < leaf.items().size(); i++) {
                        if (range.contains(leaf.items().get(i).key())) {
                            consumer.accept(leaf, i);
                        }
                    }
                }
                return true;
            }

            @Override
            public boolean problem(BlockProblem problem) {
                problems.add(problem);
                return true;
            }
        });
        return problems;
    }
}
