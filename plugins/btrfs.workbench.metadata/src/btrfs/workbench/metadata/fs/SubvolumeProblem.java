package btrfs.workbench.metadata.fs;

import java.util.Objects;

import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.key.ObjectIds;

/**
 * Why the path of a subvolume is not known (or not trustworthy): a missing or bad ROOT_REF /
 * ROOT_BACKREF, a directory whose INODE_REFs cannot be followed, links that form a cycle.
 *
 * @param id     the subvolume
 * @param reason what is wrong
 */
public record SubvolumeProblem(long id, String reason) implements MetadataProblem {

    public SubvolumeProblem {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String message() {
        return "subvolume " + ObjectIds.treeName(id) + ": " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
