package btrfs.workbench.readahead.spi;

import java.util.List;

/**
 * The {@link TreeLink}s of a leaf that was read, parsed only when a readahead asks for them: a
 * readahead that does not follow leaves pays nothing for their contents.
 */
@FunctionalInterface
public interface LeafLinks {

    /** A leaf that names nothing to follow (and every node). */
    LeafLinks NONE = List::of;

    /** What the leaf names, in item order; never null. */
    List<TreeLink> links();
}
