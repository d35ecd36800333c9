package btrfs.workbench.metadata;

import java.util.Objects;

/**
 * The outcome of reading one superblock copy: a {@link Valid} superblock or
 * the reason why the bytes at that offset are not one. Bad on-disk data is
 * never reported by an exception.
 */
public sealed interface SuperblockRead permits SuperblockRead.Valid, SuperblockRead.Invalid {

    /** The device offset this copy was read from (or expected at). */
    long bytenr();

    /** A superblock that passed all checks; its {@code bytenr} equals the offset it was read from. */
    record Valid(Superblock superblock) implements SuperblockRead {

        public Valid {
            Objects.requireNonNull(superblock, "superblock");
        }

        @Override
        public long bytenr() {
            return superblock.bytenr();
        }
    }

    /** Why a copy is not usable; the CLI's exit code and the scanner's silence depend on it. */
    enum Problem {
        /** No btrfs superblock here at all: no magic, or too few bytes to hold one. */
        NOT_BTRFS,
        /** The bytes could not be read (I/O error, a directory, permission). */
        UNREADABLE,
        /** A btrfs superblock that fails a check: the filesystem has an error. */
        DAMAGED
    }

    /** The bytes at {@code bytenr} are not a usable superblock, for {@code reason}. */
    record Invalid(long bytenr, String reason, Problem problem) implements SuperblockRead {

        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(problem, "problem");
        }

        public boolean notBtrfs() {
            return problem == Problem.NOT_BTRFS;
        }

        static Invalid notBtrfs(long bytenr, String reason) {
            return new Invalid(bytenr, reason, Problem.NOT_BTRFS);
        }

        static Invalid unreadable(long bytenr, String reason) {
            return new Invalid(bytenr, reason, Problem.UNREADABLE);
        }

        static Invalid damaged(long bytenr, String reason) {
            return new Invalid(bytenr, reason, Problem.DAMAGED);
        }
    }
}
