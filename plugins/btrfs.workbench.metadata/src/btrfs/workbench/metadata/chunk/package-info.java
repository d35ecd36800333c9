/**
 * Logical to physical mapping: chunk items (from the superblock's sys_chunk_array and the chunk
 * tree), profiles, and {@link btrfs.workbench.metadata.chunk.ChunkMap#mirrors(long)} with the
 * kernel's {@code __btrfs_map_block(GET_READ_MIRRORS)} arithmetic for SINGLE, DUP, RAID0,
 * RAID1/1C3/1C4, RAID10 and RAID5/6 (data stripe only, parity rotated per full stripe).
 */
package btrfs.workbench.metadata.chunk;
