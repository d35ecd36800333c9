package btrfs.workbench.metadata;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The superblock copies found on one device, in device order: the primary
 * first, then each mirror the device is large enough to hold.
 *
 * @param copies one result per copy location, never empty
 */
public record SuperblockCopies(List<SuperblockRead> copies) {

    public SuperblockCopies {
        copies = List.copyOf(Objects.requireNonNull(copies, "copies"));
        if (copies.isEmpty()) {
            throw new IllegalArgumentException("there is always a primary superblock result");
        }
    }

    /** The result for the primary copy at 64 KiB. */
    public SuperblockRead primary() {
        return copies.get(0);
    }

    /** All copies that passed validation, in device order. */
    public List<Superblock> valid() {
        return copies.stream()
                .filter(SuperblockRead.Valid.class::isInstance)
                .map(read -> ((SuperblockRead.Valid) read).superblock())
                .toList();
    }

    /**
     * The valid copy with the highest generation (the first such on a tie).
     * <p>
     * Like btrfs-progs, only copies of the same filesystem as the first valid
     * copy are considered: a mirror left over from an earlier filesystem on
     * the same device can be valid and even newer, yet does not belong here.
     */
    public Optional<Superblock> newestValid() {
        List<Superblock> valid = valid();
        if (valid.isEmpty()) {
            return Optional.empty();
        }
        Superblock first = valid.get(0);
        Superblock newest = first;
        for (Superblock candidate : valid) {
            if (sameFilesystem(first, candidate)
                    && Long.compareUnsigned(candidate.generation(), newest.generation()) > 0) {
                newest = candidate;
            }
        }
        return Optional.of(newest);
    }

    private static boolean sameFilesystem(Superblock a, Superblock b) {
        UUID fsid = a.fsid();
        return fsid.equals(b.fsid()) && a.metadataUuid().equals(b.metadataUuid());
    }
}
