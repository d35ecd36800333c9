package btrfs.workbench.metadata.tree;

import java.util.List;
import java.util.Objects;

import btrfs.workbench.metadata.chunk.Mirror;

/** The outcome of reading a tree block: a {@link Good} copy, or why no copy was good. */
public sealed interface BlockRead permits BlockRead.Good, BlockRead.Bad {

    long logical();

    /** Problems of the copies tried (for a good read: of the mirrors that failed before it). */
    List<BlockProblem> problems();

    /**
     * @param block    the validated block
     * @param mirror   1-based number of the mirror it came from
     * @param where    device and offset of that mirror (of its first byte)
     * @param problems mirrors tried before and found bad
     */
    record Good(TreeBlock block, int mirror, Mirror where, List<BlockProblem> problems) implements BlockRead {
        public Good {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(where, "where");
            problems = List.copyOf(problems);
        }

        @Override
        public long logical() {
            return block.bytenr();
        }
    }

    /** @param problems one per mirror tried, or one saying why none could be tried */
    record Bad(long logical, List<BlockProblem> problems) implements BlockRead {
        public Bad {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a failed read has at least one problem");
            }
        }
    }
}
