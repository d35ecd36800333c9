package btrfs.workbench.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.testsupport.DumpSuper;

/**
 * Parses superblocks written by mkfs.btrfs / btrfstune and compares every
 * exposed field with what btrfs-progs' dump-super printed for the same image.
 */
class SuperblockParserRealImagesTest {

    /** dump-super lines this model deliberately does not expose. */
    private static final Set<String> NOT_EXPOSED = Set.of(
            "log_root_transid (deprecated)",
            "leafsize (deprecated)");

    private static final long FIRST_CHUNK_TREE_OBJECTID = 256;
    private static final int CHUNK_ITEM_KEY = 228;

    @TestFactory
    Stream<DynamicTest> everyFieldMatchesDumpSuper() {
        return TestResources.SUPERBLOCK_SAMPLES.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> compareWithDump(name)));
    }

    @Test
    void samplesCoverEveryChecksumType() throws Exception {
        Set<ChecksumType> seen = new HashSet<>();
        for (String name : TestResources.SUPERBLOCK_SAMPLES) {
            parseValid(name).csumType().ifPresent(seen::add);
        }
        assertEquals(Set.of(ChecksumType.values()), seen);
    }

    @Test
    void metadataUuidDiffersFromFsidOnlyWithTheFlag() throws Exception {
        for (String name : TestResources.SUPERBLOCK_SAMPLES) {
            Superblock sb = parseValid(name);
            boolean flag = sb.hasIncompat(FlagNames.INCOMPAT_METADATA_UUID);
            assertEquals(!flag, sb.metadataUuid().equals(sb.fsid()), name);
        }
        assertTrue(parseValid("crc32c-metadata-uuid").hasIncompat(FlagNames.INCOMPAT_METADATA_UUID));
    }

    @Test
    void mirrorCopyParsesAtItsOwnOffset() throws Exception {
        byte[] mirror = TestResources.superblock("crc32c-16k.mirror1");
        SuperblockRead read = SuperblockParser.parse(ByteBuffer.wrap(mirror), 64L << 20);
        Superblock sb = assertInstanceOf(SuperblockRead.Valid.class, read).superblock();
        assertEquals(64L << 20, sb.bytenr());
        assertEquals(parseValid("crc32c-16k").fsid(), sb.fsid());
    }

    private static Superblock parseValid(String name) throws Exception {
        byte[] bytes = TestResources.superblock(name);
        SuperblockRead read = SuperblockParser.parse(ByteBuffer.wrap(bytes), SuperblockReader.PRIMARY_OFFSET);
        return assertInstanceOf(SuperblockRead.Valid.class, read, () -> name + ": " + read).superblock();
    }

    private static void compareWithDump(String name) throws Exception {
        Superblock sb = parseValid(name);
        DumpSuper dump = DumpSuper.parse(TestResources.text("superblocks/" + name + ".dump-super.txt"));

        compareChecksum(sb, dump);
        compareHeader(sb, dump);
        compareTrees(sb, dump);
        compareSizes(sb, dump);
        compareFeatures(sb, dump);
        compareDevItem(sb.devItem(), dump);
        compareSysChunkArray(sb, dump);

        Set<String> unchecked = dump.unusedKeys();
        unchecked.removeAll(NOT_EXPOSED);
        assertEquals(Set.of(), unchecked, name + ": dump-super fields not compared");
    }

    private static void compareChecksum(Superblock sb, DumpSuper dump) {
        String csumType = dump.text("csum_type"); // "3 (blake2)"
        int id = Integer.parseInt(csumType.substring(0, csumType.indexOf(' ')));
        String name = csumType.substring(csumType.indexOf('(') + 1, csumType.indexOf(')'));
        ChecksumType type = sb.csumType().orElseThrow();
        assertEquals(id, sb.csumTypeId());
        assertEquals(id, type.id());
        // btrfs-progs up to 6.2 printed "blake2", later versions "blake2b".
        assertTrue(name.equals(type.displayName()) || (type == ChecksumType.BLAKE2 && name.equals("blake2")),
                name + " vs " + type.displayName());
        assertEquals(dump.u64("csum_size"), type.size());
        assertTrue(dump.matched("csum"), "dump-super itself reports a checksum mismatch");
        assertEquals(dump.text("csum"), sb.csumHex());
        assertEquals(type.size(), sb.csum().length);
    }

    private static void compareHeader(Superblock sb, DumpSuper dump) {
        assertEquals(dump.u64("bytenr"), sb.bytenr());
        assertEquals(dump.hex("flags"), sb.flags());
        assertEquals(Set.copyOf(dump.flagNames("flags")), Set.copyOf(sb.flagNames()));
        assertTrue(dump.matched("magic"));
        assertEquals(dump.text("magic"), magicText(sb.magic()));
        assertTrue(sb.magicOk());
        assertEquals(UUID.fromString(dump.text("fsid")), sb.fsid());
        assertEquals(dump.text("fsid"), sb.fsid().toString());
        assertEquals(UUID.fromString(dump.text("metadata_uuid")), sb.metadataUuid());
        assertEquals(dump.text("label"), sb.label());
        assertEquals(dump.u64("generation"), sb.generation());
        assertEquals(dump.u64("cache_generation"), sb.cacheGeneration());
        assertEquals(dump.u64("uuid_tree_generation"), sb.uuidTreeGeneration());
        assertEquals(dump.u64("num_devices"), sb.numDevices());
        assertEquals(dump.u64("root_dir"), sb.rootDirObjectid());
        if (dump.has("nr_global_roots")) { // printed only by newer btrfs-progs
            assertEquals(dump.u64("nr_global_roots"), sb.nrGlobalRoots());
        }
    }

    private static void compareTrees(Superblock sb, DumpSuper dump) {
        assertEquals(dump.u64("root"), sb.root());
        assertEquals(dump.u64("root_level"), sb.rootLevel());
        assertEquals(dump.u64("chunk_root"), sb.chunkRoot());
        assertEquals(dump.u64("chunk_root_level"), sb.chunkRootLevel());
        assertEquals(dump.u64("chunk_root_generation"), sb.chunkRootGeneration());
        assertEquals(dump.u64("log_root"), sb.logRoot());
        assertEquals(dump.u64("log_root_level"), sb.logRootLevel());
    }

    private static void compareSizes(Superblock sb, DumpSuper dump) {
        assertEquals(dump.u64("total_bytes"), sb.totalBytes());
        assertEquals(dump.u64("bytes_used"), sb.bytesUsed());
        assertEquals(dump.u64("sectorsize"), sb.sectorsize());
        assertEquals(dump.u64("nodesize"), sb.nodesize());
        assertEquals(dump.u64("stripesize"), sb.stripesize());
        assertEquals(dump.u64("sys_array_size"), sb.sysChunkArraySize());
        assertEquals(sb.sysChunkArraySize(), sb.sysChunkArray().length);
    }

    private static void compareFeatures(Superblock sb, DumpSuper dump) {
        assertEquals(dump.hex("compat_flags"), sb.compatFlags());
        assertEquals(dump.flagNames("compat_flags"), sb.compatFlagNames());
        assertEquals(dump.hex("compat_ro_flags"), sb.compatRoFlags());
        assertEquals(dump.flagNames("compat_ro_flags"), sb.compatRoFlagNames());
        assertEquals(dump.hex("incompat_flags"), sb.incompatFlags());
        assertEquals(dump.flagNames("incompat_flags"), sb.incompatFlagNames());
    }

    private static void compareDevItem(DevItem dev, DumpSuper dump) {
        assertEquals(UUID.fromString(dump.text("dev_item.uuid")), dev.uuid());
        assertTrue(dump.matched("dev_item.fsid"));
        assertEquals(UUID.fromString(dump.text("dev_item.fsid")), dev.fsid());
        assertEquals(dump.u64("dev_item.type"), dev.type());
        assertEquals(dump.u64("dev_item.total_bytes"), dev.totalBytes());
        assertEquals(dump.u64("dev_item.bytes_used"), dev.bytesUsed());
        assertEquals(dump.u64("dev_item.io_align"), dev.ioAlign());
        assertEquals(dump.u64("dev_item.io_width"), dev.ioWidth());
        assertEquals(dump.u64("dev_item.sector_size"), dev.sectorSize());
        assertEquals(dump.u64("dev_item.devid"), dev.devid());
        assertEquals(dump.u64("dev_item.dev_group"), dev.devGroup());
        assertEquals(dump.u64("dev_item.seek_speed"), dev.seekSpeed());
        assertEquals(dump.u64("dev_item.bandwidth"), dev.bandwidth());
        assertEquals(dump.u64("dev_item.generation"), dev.generation());
        if (dump.has("dev_item.start_offset")) { // not printed by btrfs-progs 6.2
            assertEquals(dump.u64("dev_item.start_offset"), dev.startOffset());
        }
    }

    /** The raw array must start with the key of the first system chunk that dump-super decoded. */
    private static void compareSysChunkArray(Superblock sb, DumpSuper dump) {
        List<String> key = List.of(dump.firstChunkKey().split(" "));
        assertEquals(List.of("FIRST_CHUNK_TREE", "CHUNK_ITEM"), key.subList(0, 2));
        ByteBuffer array = sb.sysChunkArrayBuffer();
        assertEquals(ByteOrder.LITTLE_ENDIAN, array.order());
        assertEquals(FIRST_CHUNK_TREE_OBJECTID, array.getLong(0));
        assertEquals(CHUNK_ITEM_KEY, array.get(8) & 0xff);
        assertEquals(Long.parseUnsignedLong(key.get(2)), array.getLong(9));
    }

    private static String magicText(long magic) {
        byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(magic).array();
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
