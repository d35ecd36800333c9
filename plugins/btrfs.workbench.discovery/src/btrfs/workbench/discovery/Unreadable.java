package btrfs.workbench.discovery;

import java.nio.file.Path;

/** A path that was asked for but gave no usable btrfs superblock, and why. */
public record Unreadable(Path path, String reason) {
}
