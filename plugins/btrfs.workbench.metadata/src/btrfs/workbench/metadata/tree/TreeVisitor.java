package btrfs.workbench.metadata.tree;

/** Receives what a {@link TreeWalker} finds, in depth-first key order. */
public interface TreeVisitor {

    /** A block that validated; return false to stop the walk. */
    boolean visit(VisitedBlock block);

    /** A block that could not be used (none of its mirrors validated); return false to stop. */
    default boolean problem(BlockProblem problem) {
        return true;
    }
}
