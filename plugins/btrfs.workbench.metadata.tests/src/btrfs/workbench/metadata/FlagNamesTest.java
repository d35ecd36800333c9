package btrfs.workbench.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class FlagNamesTest {

    @Test
    void noBitsNoNames() {
        assertEquals(List.of(), FlagNames.INCOMPAT.names(0));
        assertEquals(List.of(), FlagNames.SUPER.names(0));
    }

    @Test
    void incompatBitsOfADefaultMkfs() {
        assertEquals(List.of("MIXED_BACKREF", "EXTENDED_IREF", "SKINNY_METADATA", "NO_HOLES"),
                FlagNames.INCOMPAT.names(0x341));
    }

    @Test
    void incompatBitValuesFollowTheKernelHeader() {
        assertEquals(List.of("METADATA_UUID"), FlagNames.INCOMPAT.names(1L << 10));
        assertEquals(List.of("ZONED"), FlagNames.INCOMPAT.names(1L << 12));
        assertEquals(List.of("RAID_STRIPE_TREE"), FlagNames.INCOMPAT.names(1L << 14));
        assertEquals(List.of("SIMPLE_QUOTA"), FlagNames.INCOMPAT.names(1L << 16));
    }

    @Test
    void unknownBitsAreShownAsHex() {
        assertEquals(List.of("MIXED_BACKREF", "0x8000", "0x8000000000000000"),
                FlagNames.INCOMPAT.names(1L | 1L << 15 | 1L << 63));
        assertEquals(List.of("0x1", "0x4"), FlagNames.COMPAT.names(5));
        assertEquals(1L << 15, FlagNames.INCOMPAT.unknownBits(1L << 15 | 1L));
    }

    @Test
    void compatRoBits() {
        assertEquals(List.of("FREE_SPACE_TREE", "FREE_SPACE_TREE_VALID", "VERITY", "BLOCK_GROUP_TREE"),
                FlagNames.COMPAT_RO.names(0xf));
        assertEquals(0xfL, FlagNames.COMPAT_RO.knownBits());
    }

    @Test
    void superFlagsIncludeTheHighBits() {
        assertEquals(List.of("WRITTEN", "SEEDING"), FlagNames.SUPER.names(0x100000001L));
        assertEquals(List.of("METADUMP", "METADUMP_V2", "CHANGING_FSID", "CHANGING_FSID_V2", "0x2000000000",
                "CHANGING_BG_TREE", "CHANGING_DATA_CSUM", "CHANGING_META_CSUM"),
                FlagNames.SUPER.names(0xffL << 33));
        assertEquals(List.of("RELOC", "ERROR"), FlagNames.SUPER.names(6));
    }
}
