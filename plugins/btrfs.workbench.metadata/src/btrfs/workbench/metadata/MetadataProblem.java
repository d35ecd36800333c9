package btrfs.workbench.metadata;

/**
 * Something wrong with the on-disk metadata or the devices, reported as a
 * value: the tool shows these, it never throws them at the user.
 */
public interface MetadataProblem {

    /** One line for the user, naming what is affected and why. */
    String message();
}
