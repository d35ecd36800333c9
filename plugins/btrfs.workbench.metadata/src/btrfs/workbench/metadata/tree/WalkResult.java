package btrfs.workbench.metadata.tree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything one walk found.
 *
 * @param blocks    the blocks in visiting order (depth-first, key order, like btrfs-progs' dump-tree)
 * @param problems  blocks that could not be read at all, and pointers that were skipped
 * @param recovered problems of bad mirrors where another mirror was good
 */
public record WalkResult(List<VisitedBlock> blocks, List<BlockProblem> problems, List<BlockProblem> recovered) {

    public WalkResult {
        blocks = List.copyOf(blocks);
        problems = List.copyOf(problems);
        recovered = List.copyOf(recovered);
    }

    /**
     * The blocks in the order btrfs-progs' dump-tree prints them: breadth-first,
     * level by level from the root down, left to right. A depth-first walk in key
     * order meets each level's blocks left to right too, so sorting it by level
     * (stable) gives exactly that order.
     */
    public List<VisitedBlock> breadthFirst() {
        List<VisitedBlock> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingInt(VisitedBlock::level).reversed());
        return List.copyOf(sorted);
    }
}
