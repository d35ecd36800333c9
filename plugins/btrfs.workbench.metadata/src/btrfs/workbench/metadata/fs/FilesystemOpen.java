package btrfs.workbench.metadata.fs;

import java.util.List;
import java.util.Objects;

import btrfs.workbench.metadata.MetadataProblem;

/**
 * The outcome of {@link BtrfsFilesystem#open}: a filesystem (possibly with
 * problems: missing devices, unreadable trees) or why there is none at all.
 */
public sealed interface FilesystemOpen permits FilesystemOpen.Opened, FilesystemOpen.Failed {

    record Opened(BtrfsFilesystem filesystem) implements FilesystemOpen {
        public Opened {
            Objects.requireNonNull(filesystem, "filesystem");
        }
    }

    /** No usable superblock among the devices; {@code problems} says what each device was. */
    record Failed(String reason, List<MetadataProblem> problems) implements FilesystemOpen {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            problems = List.copyOf(problems);
        }
    }
}
