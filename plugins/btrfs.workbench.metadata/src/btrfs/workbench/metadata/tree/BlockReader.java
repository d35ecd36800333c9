package btrfs.workbench.metadata.tree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.ChunkMap;
import btrfs.workbench.metadata.chunk.Mirror;
import btrfs.workbench.metadata.io.BlockSource;
import btrfs.workbench.metadata.io.MissingDeviceException;
import btrfs.workbench.metadata.tree.BlockProblem.Kind;

/**
 * Reads tree blocks through a {@link BlockSource}: maps the logical address
 * with the {@link ChunkMap}, reads mirror after mirror in the kernel's order
 * and returns the first copy that validates, with the problems of the
 * copies before it.
 */
public final class BlockReader implements TreeBlockReader {

    private final BlockSource source;
    private final ChunkMap chunkMap;
    private final int nodesize;
    private final int sectorsize;
    private final TreeBlockParser parser;

    public BlockReader(BlockSource source, ChunkMap chunkMap, int nodesize, int sectorsize, TreeBlockParser parser) {
        this.source = Objects.requireNonNull(source, "source");
        this.chunkMap = Objects.requireNonNull(chunkMap, "chunkMap");
        this.nodesize = nodesize;
        this.sectorsize = sectorsize;
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    public ChunkMap chunkMap() {
        return chunkMap;
    }

    public int nodesize() {
        return nodesize;
    }

    @Override
    public BlockRead read(long logical, BlockExpectation expect) {
        BlockProblem placement = checkPlacement(logical);
        if (placement != null) {
            return new BlockRead.Bad(logical, List.of(placement));
        }
        int copies = chunkMap.mirrors(logical).size();
        List<BlockProblem> problems = new ArrayList<>();
        for (int mirror = 1; mirror <= copies; mirror++) {
            BlockRead read = readMirror(logical, mirror, expect);
            if (read instanceof BlockRead.Good good) {
                return new BlockRead.Good(good.block(), mirror, good.where(), problems);
            }
            problems.addAll(read.problems());
        }
        return new BlockRead.Bad(logical, problems);
    }

    /** Number of mirrors of {@code logical}, 0 if unmapped. */
    public int mirrorCount(long logical) {
        return chunkMap.mirrors(logical).size();
    }

    /**
     * Reads and validates only mirror {@code mirror} (1-based, in
     * {@link ChunkMap#mirrors} order), e.g. to check every copy.
     */
    public BlockRead readMirror(long logical, int mirror, BlockExpectation expect) {
        BlockProblem placement = checkPlacement(logical);
        if (placement != null) {
            return new BlockRead.Bad(logical, List.of(placement));
        }
        List<Mirror> mirrors = chunkMap.mirrors(logical);
        if (mirror < 1 || mirror > mirrors.size()) {
            return new BlockRead.Bad(logical, List.of(BlockProblem.of(Kind.UNMAPPED, logical,
                    "no mirror " + mirror + " (there are " + mirrors.size() + ")")));
        }
        Mirror where = mirrors.get(mirror - 1);
        byte[] raw = new byte[nodesize];
        BlockProblem readProblem = readCopy(logical, mirror, raw);
        if (readProblem != null) {
            return new BlockRead.Bad(logical, List.of(readProblem));
        }
        return parsed(raw, logical, where, mirror, expect);
    }

    /**
     * Reads the copies {@code copies.get(i)} of the blocks {@code logicals.get(i)} with one read
     * when they lie in ascending order on one device (each copy at or after the previous one's
     * end, each a mirror of its block inside one stripe unit): the span from the first copy to the
     * end of the last, the bytes between copies read and dropped. Validates each block as {@link
     * #readMirror} does; otherwise, or when the one read fails, reads them one by one. {@code
     * buffer} holds at least the span and is reused by the caller (the readahead's coalesced
     * reads); a direct buffer spares the copy a heap buffer costs in the JDK's channel read, and
     * only the blocks asked for are copied out of it.
     */
    public List<BlockRead> readSpan(List<Long> logicals, List<Mirror> copies, BlockExpectation expect,
            ByteBuffer buffer) {
        List<BlockRead> reads = new ArrayList<>(logicals.size());
        // the parser takes exactly one block, and owns it: an array of its own for each
        span(logicals, copies, expect, buffer, () -> new byte[nodesize], (i, read) -> reads.add(read));
        return reads;
    }

    /** {@link #checkSpan}'s answer for each block, in order. */
    @FunctionalInterface
    public interface SpanVisitor {
        /**
         * The read of block {@code index}. A leaf in {@code read} is valid only during the call:
         * its bytes are the reader's scratch, overwritten by the next block.
         */
        void block(int index, BlockRead read);
    }

    /**
     * {@link #readSpan}, for a reader that wants only what each block's header and pointers say (the
     * zone stream): every block is validated in one scratch array instead of an array of its own,
     * and handed to {@code visitor} at once. Reading a span of 64 blocks so allocates one block's
     * bytes, not 64 (the stream read 2 GiB of arrays per run of the benchmark's largest array).
     */
    public void checkSpan(List<Long> logicals, List<Mirror> copies, BlockExpectation expect, ByteBuffer buffer,
            SpanVisitor visitor) {
        byte[] scratch = new byte[nodesize];
        span(logicals, copies, expect, buffer, () -> scratch, visitor);
    }

    private void span(List<Long> logicals, List<Mirror> copies, BlockExpectation expect, ByteBuffer buffer,
            Supplier<byte[]> arrays, SpanVisitor visitor) {
        int n = logicals.size();
        if (n == 0 || n != copies.size()) {
            throw new IllegalArgumentException(n + " blocks, " + copies.size() + " copies");
        }
        int[] mirrorNumbers = spanMirrors(logicals, copies);
        long first = copies.get(0).physical();
        long span = copies.get(n - 1).physical() + nodesize - first;
        if (mirrorNumbers != null && span > buffer.capacity()) {
            throw new IllegalArgumentException("span " + span + " bytes, buffer " + buffer.capacity());
        }
        // a failed large read is retried block by block: each block then gets its own outcome
        // (an image cut short or a bad sector fails only the blocks it holds)
        if (mirrorNumbers == null || readPiece(logicals.get(0), mirrorNumbers[0], copies.get(0),
                buffer.clear().limit((int) span)) != null) {
            for (int i = 0; i < n; i++) {
                visitor.block(i, readCopy(logicals.get(i), copies.get(i), expect));
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            byte[] one = arrays.get();
            buffer.get((int) (copies.get(i).physical() - first), one);
            visitor.block(i, parsed(one, logicals.get(i), copies.get(i), mirrorNumbers[i], expect));
        }
    }

    /** Reads and validates exactly {@code copy} of {@code logical}, which must be one of its mirrors. */
    public BlockRead readCopy(long logical, Mirror copy, BlockExpectation expect) {
        ChunkItem chunk = chunkMap.chunkAt(logical).orElse(null);
        int mirror = chunk == null ? 0 : ChunkMap.mirrorNumber(chunk, logical, copy);
        if (mirror == 0) {
            return new BlockRead.Bad(logical, List.of(BlockProblem.of(Kind.UNMAPPED, logical,
                    "no copy of the block at devid " + Long.toUnsignedString(copy.devid()) + " offset "
                            + copy.physical())));
        }
        return readMirror(logical, mirror, expect);
    }

    /**
     * The mirror numbers of the copies if they can be read as one span, else null. The blocks of a
     * span lie in one chunk but for a rare one: it is looked up once, not three times per block.
     */
    private int[] spanMirrors(List<Long> logicals, List<Mirror> copies) {
        int[] numbers = new int[logicals.size()];
        Mirror first = copies.get(0);
        long end = first.physical();
        ChunkItem chunk = null;
        for (int i = 0; i < numbers.length; i++) {
            long logical = logicals.get(i);
            Mirror copy = copies.get(i);
            if (chunk == null || !chunk.contains(logical)) {
                chunk = chunkMap.chunkAt(logical).orElse(null);
            }
            if (chunk == null || copy.devid() != first.devid() || copy.physical() < end || first.physical() < 0
                    || copy.physical() - first.physical() > Integer.MAX_VALUE - nodesize
                    || checkPlacement(chunk, logical) != null
                    || Long.compareUnsigned(ChunkMap.contiguousBytes(chunk, logical), nodesize) < 0) {
                return null;
            }
            numbers[i] = ChunkMap.mirrorNumber(chunk, logical, copy);
            if (numbers[i] == 0) {
                return null;
            }
            end = copy.physical() + nodesize;
        }
        return numbers;
    }

    private BlockRead parsed(byte[] raw, long logical, Mirror where, int mirror, BlockExpectation expect) {
        TreeBlockParser.Result parsed = parser.parse(raw, logical, expect);
        if (!parsed.isOk()) {
            return new BlockRead.Bad(logical, List.of(new BlockProblem(parsed.problem(), logical, where.devid(),
                    where.physical(), mirror, parsed.reason())));
        }
        return new BlockRead.Good(parsed.block(), mirror, where, List.of());
    }

    /** Where a tree block can never be: unaligned, unmapped, or running off its chunk. */
    private BlockProblem checkPlacement(long logical) {
        return checkPlacement(chunkMap.chunkAt(logical).orElse(null), logical);
    }

    /** {@link #checkPlacement(long)} with the chunk holding {@code logical} (null: none) looked up. */
    private BlockProblem checkPlacement(ChunkItem chunk, long logical) {
        if (Long.remainderUnsigned(logical, sectorsize) != 0) {
            return BlockProblem.of(Kind.BAD_ADDRESS, logical, "not aligned to the sectorsize " + sectorsize);
        }
        if (chunk == null) {
            return BlockProblem.of(Kind.UNMAPPED, logical, "no chunk maps this address");
        }
        if (Long.compareUnsigned(chunk.end() - logical, nodesize) < 0) {
            return BlockProblem.of(Kind.BAD_ADDRESS, logical, "block runs past the end of chunk "
                    + Long.toUnsignedString(chunk.logical()));
        }
        return null;
    }

    /**
     * Fills {@code raw} from mirror {@code mirror}, piece by piece where the
     * block crosses a stripe unit boundary (old filesystems have such blocks;
     * each piece then lives on another device).
     */
    private BlockProblem readCopy(long logical, int mirror, byte[] raw) {
        int done = 0;
        while (done < nodesize) {
            long address = logical + done;
            List<Mirror> mirrors = chunkMap.mirrors(address);
            long contiguous = chunkMap.contiguousBytes(address);
            if (mirrors.size() < mirror || contiguous == 0) {
                // Cannot happen for a block inside one valid chunk; guards the loop against any surprise.
                return new BlockProblem(Kind.UNMAPPED, logical, BlockProblem.NO_DEVICE, -1, mirror,
                        "byte " + done + " of the block has no mirror " + mirror);
            }
            Mirror piece = mirrors.get(mirror - 1);
            int length = Long.compareUnsigned(contiguous, nodesize - done) < 0 ? (int) contiguous : nodesize - done;
            BlockProblem problem = readPiece(logical, mirror, piece, ByteBuffer.wrap(raw, done, length));
            if (problem != null) {
                return problem;
            }
            done += length;
        }
        return null;
    }

    private BlockProblem readPiece(long logical, int mirror, Mirror piece, ByteBuffer dst) {
        if (piece.physical() < 0) {
            return new BlockProblem(Kind.READ_ERROR, logical, piece.devid(), piece.physical(), mirror,
                    "physical offset beyond 2^63");
        }
        try {
            source.read(piece.devid(), piece.physical(), dst);
            return null;
        } catch (MissingDeviceException e) {
            return new BlockProblem(Kind.DEVICE_MISSING, logical, piece.devid(), piece.physical(), mirror,
                    e.getMessage());
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return new BlockProblem(Kind.READ_ERROR, logical, piece.devid(), piece.physical(), mirror,
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }
}
