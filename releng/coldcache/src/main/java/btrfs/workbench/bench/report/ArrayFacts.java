package btrfs.workbench.bench.report;

/**
 * What an array is, for the table's header rows.
 *
 * @param name           its name
 * @param layout         devices, sizes, profiles, nodesize
 * @param metadataUsed   metadata bytes in use (logical)
 * @param metadataGroups metadata block groups
 * @param limitBytes     bytes of its tree-block block groups over all devices (what the limit reads)
 * @param fsBlocks       blocks of the fs tree
 * @param allBlocks      blocks of all trees (each shared block once)
 * @param snapshots      snapshots it holds
 * @param files          files created while building it
 */
public record ArrayFacts(String name, String layout, long metadataUsed, int metadataGroups, long limitBytes,
        long fsBlocks, long allBlocks, int snapshots, long files) {
}
