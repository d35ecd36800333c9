package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.SpoiledMirror;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Mirror failover, bad-copy reporting and scrub through {@code readahead}, on copies of committed
 * arrays with one copy of one tree block corrupted on one device.
 */
class FailoverCommandTest {

    @TempDir
    Path tmp;

    private static Run readahead(List<Path> images, String... args) {
        List<String> all = new ArrayList<>(List.of("readahead", "--tree", "fs", "--json", "--list-blocks"));
        all.addAll(List.of(args));
        images.forEach(p -> all.add(p.toString()));
        return Run.of(all);
    }

    private static void assertTheOneBadCopy(SpoiledMirror s, JsonNode badCopies) {
        assertEquals(1, badCopies.size(), badCopies.toString());
        JsonNode b = badCopies.get(0);
        assertEquals(List.of("logical", "devid", "physical", "reason"), ReadaheadCommandTest.fields(b));
        assertEquals(s.logical(), b.get("logical").asLong());
        assertEquals(s.copy().devid(), b.get("devid").asLong());
        assertEquals(s.copy().physical(), b.get("physical").asLong());
        assertTrue(b.get("reason").asText().startsWith("checksum mismatch"), b.toString());
    }

    private void corruptedMirror(String name) throws IOException {
        TestArray array = TestArrays.named(name);
        SpoiledMirror s = SpoiledMirror.of(array, tmp);
        Map<Path, String> before = Hashes.sha256(s.images());

        Run failover = readahead(s.images());
        assertEquals(1, failover.exit(), "a bad copy is a filesystem error, even recovered: " + failover.err());
        JsonNode out = ReadaheadCommandTest.json(failover);
        assertEquals(0, out.get("errors").size(), out.get("errors").toString());
        JsonNode control = out.get("controls").get(0);
        assertEquals(s.fsBlocks(), ReadaheadCommandTest.longs(control.get("block_list")), "every block read");
        assertEquals(s.fsBlocks().size(), out.get("blocks").asLong());
        assertTheOneBadCopy(s, out.get("bad_copies"));
        assertTheOneBadCopy(s, control.get("bad_copies"));
        assertTrue(out.get("failover").asBoolean());
        assertTrue(failover.err().contains("bad copy of tree block " + s.logical() + " on devid "
                + s.copy().devid() + " ("), failover.err());
        assertTrue(failover.err().contains("at physical " + s.copy().physical() + ": checksum mismatch"),
                failover.err());
        assertEquals(1, failover.err().lines().count(), failover.err());
        long perDevice = 0;
        for (JsonNode d : out.get("per_device")) {
            perDevice += d.get("bad_copies").asLong();
            if (d.get("devid").asLong() == s.copy().devid()) {
                assertEquals(1, d.get("bad_copies").asLong());
            }
        }
        assertEquals(1, perDevice);

        List<String> textArgs = new ArrayList<>(List.of("readahead", "--tree", "fs"));
        s.images().forEach(p -> textArgs.add(p.toString()));
        Run text = Run.of(textArgs);
        assertEquals(1, text.exit());
        assertTrue(text.out().contains("1 bad copies (1 of blocks read from another copy)"), text.out());
        assertTrue(text.out().contains("bad copy: block " + s.logical() + " on devid " + s.copy().devid() + " at "
                + s.copy().physical() + ": checksum mismatch"), text.out());

        Run cut = readahead(s.images(), "--no-failover");
        assertEquals(1, cut.exit(), cut.err());
        JsonNode cutOut = ReadaheadCommandTest.json(cut);
        assertFalse(cutOut.get("failover").asBoolean());
        assertEquals(1, cutOut.get("errors").size());
        JsonNode error = cutOut.get("errors").get(0);
        assertEquals(s.logical(), error.get("logical").asLong(), "the error names the block");
        assertEquals(s.copy().devid(), error.get("devid").asLong());
        assertTrue(error.get("reason").asText().startsWith("checksum mismatch"), error.toString());
        assertEquals(0, cutOut.get("blocks").asLong(), "the root's branch, the whole tree, is cut");
        assertTheOneBadCopy(s, cutOut.get("bad_copies"));
        assertTrue(cut.err().contains("tree block " + s.logical() + " (devid " + s.copy().devid() + "): checksum"),
                cut.err());

        Run scrub = readahead(s.images(), "--scrub");
        assertEquals(1, scrub.exit(), scrub.err());
        JsonNode scrubOut = ReadaheadCommandTest.json(scrub);
        assertTrue(scrubOut.get("scrub").asBoolean());
        assertEquals(0, scrubOut.get("errors").size());
        assertEquals(s.fsBlocks().size(), scrubOut.get("blocks").asLong(), "each block counted once");
        assertEquals(0, scrubOut.get("unchecked_copies").asLong());
        assertTheOneBadCopy(s, scrubOut.get("bad_copies"));
        long copies = 0;
        for (JsonNode d : scrubOut.get("per_device")) {
            copies += d.get("copies_read").asLong();
        }
        assertEquals(2L * s.fsBlocks().size(), copies, "both copies of every block read");

        assertEquals(before, Hashes.sha256(s.images()), "the copies are not written");
        for (int i = 0; i < array.devices().size(); i++) {
            assertEquals(array.devices().get(i).sha256(), Hashes.sha256(array.unpackedImages().get(i)));
        }
    }

    @Test
    void aCorruptedRaid1MirrorIsReadFromTheOtherCopyAndReported() throws IOException {
        corruptedMirror("raid1-blake2-16k");
    }

    @Test
    void aCorruptedDupCopyIsReadFromTheSecondCopyAndReported() throws IOException {
        corruptedMirror("dup-xxhash-4k");
    }

    @Test
    void scrubOfACleanArrayWithADeviceMissingCountsTheCopiesItCannotCheck() throws IOException {
        TestArray array = TestArrays.named("raid1c3-crc32c-64k");
        List<String> args = new ArrayList<>(List.of("readahead", "--tree", "fs", "--scrub", "--json"));
        array.compressedImages().stream().skip(1).forEach(p -> args.add(p.toString()));
        Run run = Run.of(args);
        assertEquals(1, run.exit(), "the missing device is reported: " + run.err());
        JsonNode out = ReadaheadCommandTest.json(run);
        long blocks = ArrayTruth.of(array).blocks(ObjectIds.FS_TREE).size();
        assertEquals(blocks, out.get("blocks").asLong());
        assertEquals(0, out.get("bad_copies").size());
        JsonNode absent = out.get("per_device").get(0);
        assertFalse(absent.get("present").asBoolean());
        assertEquals(0, absent.get("copies_read").asLong());
        assertTrue(absent.get("unchecked_copies").asLong() > 0);
        assertEquals(absent.get("unchecked_copies").asLong(), out.get("unchecked_copies").asLong());
        long read = 0;
        for (JsonNode d : out.get("per_device")) {
            read += d.get("copies_read").asLong();
        }
        assertEquals(3 * blocks, read + out.get("unchecked_copies").asLong(), "three copies of every block");
    }

    @Test
    void usage() {
        Run both = Run.on(TestArrays.named("raid1-blake2-16k"), "readahead", "--tree", "fs", "--scrub",
                "--no-failover");
        assertEquals(2, both.exit());
        Run naive = Run.on(TestArrays.named("raid1-blake2-16k"), "readahead", "--tree", "fs", "--scrub",
                "--strategy", "naive");
        assertEquals(2, naive.exit());
        assertTrue(naive.err().contains("--scrub needs --strategy reada"), naive.err());
    }
}
