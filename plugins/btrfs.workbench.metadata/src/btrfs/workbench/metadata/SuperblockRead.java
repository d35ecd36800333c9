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

    /**
     * The bytes at {@code bytenr} are not a usable superblock, for {@code reason}.
     *
     * @param notBtrfs true when there is simply no btrfs superblock here (no
     *                 magic, or too few bytes to hold one); false for a btrfs
     *                 superblock that is damaged or inconsistent, or that
     *                 could not be read
     */
    record Invalid(long bytenr, String reason, boolean notBtrfs) implements SuperblockRead {

        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }

        /** Bytes that are not a btrfs superblock at all. */
        static Invalid notBtrfs(long bytenr, String reason) {
            return new Invalid(bytenr, reason, true);
        }

        /** A btrfs superblock that fails a check, or a copy that could not be read. */
        static Invalid damaged(long bytenr, String reason) {
            return new Invalid(bytenr, reason, false);
        }
    }
}
