package btrfs.workbench.metadata.chunk;

import java.util.Objects;

import btrfs.workbench.metadata.MetadataProblem;

/**
 * A chunk item that cannot be used, or a mismatch between the chunk sources.
 *
 * @param logical the chunk's logical start (its key offset)
 * @param source  where the item came from, e.g. {@code sys_chunk_array} or {@code chunk tree leaf 22036480}
 * @param reason  what is wrong
 */
public record ChunkProblem(long logical, String source, String reason) implements MetadataProblem {

    public ChunkProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String message() {
        return "chunk " + Long.toUnsignedString(logical) + " (" + source + "): " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
