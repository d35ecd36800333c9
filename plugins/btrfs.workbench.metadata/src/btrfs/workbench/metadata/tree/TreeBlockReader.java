package btrfs.workbench.metadata.tree;

/** Reads tree blocks by logical address, trying mirrors until one validates. */
@FunctionalInterface
public interface TreeBlockReader {

    BlockRead read(long logical, BlockExpectation expect);
}
