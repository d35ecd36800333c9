package btrfs.workbench.metadata.tree;

import java.util.List;
import java.util.Objects;

import btrfs.workbench.metadata.chunk.Mirror;

/**
 * A block a walk reached and validated.
 *
 * @param block     the block
 * @param mirror    1-based mirror it was read from
 * @param where     device and offset of that mirror
 * @param recovered problems of mirrors tried before the good one (bad copies the walk got around)
 */
public record VisitedBlock(TreeBlock block, int mirror, Mirror where, List<BlockProblem> recovered) {

    public VisitedBlock {
        Objects.requireNonNull(block, "block");
        recovered = List.copyOf(recovered);
    }

    public long bytenr() {
        return block.bytenr();
    }

    public int level() {
        return block.level();
    }

    public long owner() {
        return block.owner();
    }

    public long generation() {
        return block.generation();
    }
}
