package btrfs.workbench.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.testsupport.LoopDevices;
import btrfs.workbench.testsupport.SystemCommands;

/**
 * The installed product's start script, run as users run it: each command a fresh JVM on the
 * plain class path of the core bundles (issue 19: not inside Equinox). Per-user state goes to a
 * temporary XDG directory.
 */
class ProductLauncherTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path INSTALLATION = Path.of(System.getProperty("btrfs.workbench.installation"));
    private static final Path LAUNCHER = INSTALLATION.resolve("btrfs-workbench");
    private static final Path ARRAYS = Path.of(System.getProperty("btrfs.workbench.testdata")).resolve("arrays");

    /** The reasons of {@code btrfs.workbench.metadata.AccessHint}, as users read them. */
    private static final String DEVICE_DENIED = "permission denied — reading a block device needs membership of group"
            + " disk, or start btrfs-workbench through sudo or pkexec (it only ever opens devices read-only)";
    private static final String FILE_DENIED = "permission denied — this user may not read the file: give it read"
            + " permission, or start btrfs-workbench through sudo or pkexec (it only ever opens images read-only)";

    @TempDir
    static Path state;

    @TempDir
    Path scratch;

    record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> prefix, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("XDG_STATE_HOME", state.resolve("state").toString());
        env.put("XDG_CACHE_HOME", state.resolve("cache").toString());
        Path err = Files.createTempFile(state, "stderr", ".txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "launcher did not end: " + command);
        return new Result(process.exitValue(), out, Files.readString(err));
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        return run(List.of(), args);
    }

    private static List<String> images(String array) throws IOException {
        try (Stream<Path> files = Files.list(ARRAYS.resolve(array))) {
            return files.filter(f -> f.toString().endsWith(".img.zst")).sorted().map(Path::toString).toList();
        }
    }

    @Test
    void versionIsPrintedAndNothingElse() throws Exception {
        Result r = run("--version");
        assertEquals(new Result(0, r.out(), ""), r);
        assertTrue(r.out().matches("btrfs-workbench \\d+\\.\\d+\\.\\d+.*\\n"), r.out());
    }

    /**
     * A command starts no OSGi framework (which would make its configuration area) and, from its
     * second run on, maps the classes the first run archived (AppCDS), saying nothing about it;
     * an archive older than the installation's jars (an update) is made again.
     */
    @Test
    void commandsRunWithoutEquinoxFromAClassArchive() throws Exception {
        for (int i = 0; i < 2; i++) {
            Result r = run("--version");
            assertEquals("", r.err());
        }
        Path states = state.resolve("state/btrfs-workbench");
        List<String> names;
        try (Stream<Path> files = Files.list(states)) {
            names = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertTrue(names.stream().noneMatch(n -> n.startsWith("configuration-")), names.toString());
        Path archive = names.stream().filter(n -> n.matches("cli-\\d+-options\\.jsa")).map(states::resolve)
                .findFirst().orElseThrow(() -> new AssertionError("no class archive in " + names));
        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(1000));
        assertEquals("", run("--version").err());
        assertTrue(Files.getLastModifiedTime(archive).toMillis() > 1000, "a stale archive is made again");
    }

    @Test
    void scanFindsEveryCommittedArray() throws Exception {
        Result r = run("scan", "--json", ARRAYS.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        long arrays;
        try (Stream<Path> dirs = Files.list(ARRAYS)) {
            arrays = dirs.filter(d -> Files.isRegularFile(d.resolve("array.tsv"))).count();
        }
        assertEquals(arrays, MAPPER.readTree(r.out()).get("filesystems").size());
    }

    @Test
    void readaheadReadsTheFsTreeAsBtrfsProgsListsIt() throws Exception {
        List<String> args = new ArrayList<>(List.of("readahead", "--tree", "fs", "--json"));
        args.addAll(images("raid1-blake2-16k"));
        Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        long truth = Files.readAllLines(ARRAYS.resolve("raid1-blake2-16k/truth/blocks-5.txt")).stream()
                .filter(l -> !l.isBlank()).count();
        assertEquals(truth, MAPPER.readTree(r.out()).get("blocks").asLong());
    }

    /**
     * Acceptance of discovery: a user without root and without a home directory scans the
     * machine and gets what can be known plus a clear reason for every device it may not read,
     * exit 0. Root only (it attaches test arrays to loop devices and mounts one read-only).
     */
    @Test
    void aUserWithoutRootOrHomeGetsPartialResultsAndPermissionReasons() throws Exception {
        assumeTrue(SystemCommands.isRoot(), "needs root for loop devices");
        assumeNobodyCanStartTheLauncher();
        Path image = scratch.resolve("single.img");
        Path mountPoint = Files.createDirectory(scratch.resolve("mnt"));
        unpack(images("single-crc32c-16k").get(0), image);
        try (LoopDevices loops = LoopDevices.forRootTest()) {
            String loop = loops.attach(image, true).toString();
            loops.mountBtrfs(List.of(Path.of(loop)), mountPoint, "ro,norecovery");
            assertNobodyWithoutHomeSeesTheMountedArray(loop, mountPoint);
        }
    }

    /** The array is shown from sysfs although nobody may read its loop device, which is listed with the reason. */
    private static void assertNobodyWithoutHomeSeesTheMountedArray(String loop, Path mountPoint) throws Exception {
        Result r = run(List.of("runuser", "-u", "nobody", "--", "env", "HOME=/nonexistent"), "scan", "--json");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
        JsonNode out = MAPPER.readTree(r.out());
        JsonNode denied = null;
        for (JsonNode u : out.get("unreadable")) {
            if (u.get("path").asText().equals(loop)) {
                denied = u;
            }
        }
        assertTrue(denied != null, "the loop device is listed as unreadable: " + out);
        assertEquals(DEVICE_DENIED, denied.get("reason").asText());
        JsonNode fs = null;
        for (JsonNode f : out.get("filesystems")) {
            if (f.get("fsid").asText().equals("b7f5b7f5-0000-4000-8000-000000000001")) {
                fs = f;
            }
        }
        assertTrue(fs != null, "the mounted array is still shown, from sysfs: " + out);
        assertTrue(fs.get("mounted").asBoolean());
        assertEquals(mountPoint.toString(), fs.get("mountpoints").get(0).asText());
        assertEquals(loop, fs.get("devices").get(0).get("path").asText());
    }

    /**
     * Least privilege: images never need root. A user who may read an image reads it; one who may
     * not gets one line naming it and the ways to read access — never a request for write access,
     * no retry, no stack trace — from every command, exit 2.
     */
    @Test
    void imagesNeedNoRootAndAnUnreadableOneIsOneClearLine() throws Exception {
        assumeTrue(SystemCommands.isRoot(), "needs root to hand files to another user");
        assumeNobodyCanStartTheLauncher();
        Path dir = Files.createDirectories(Path.of("/tmp", "btrfs-workbench-perm-" + ProcessHandle.current().pid()));
        try {
            SystemCommands.run("chmod", "755", dir.toString());
            Path image = dir.resolve("single.img");
            unpack(images("single-crc32c-16k").get(0), image);
            List<String> asNobody = List.of("runuser", "-u", "nobody", "--", "env", "HOME=/nonexistent");

            SystemCommands.run("chmod", "644", image.toString());
            Result readable = run(asNobody, "readahead", "--tree", "fs", "--json", image.toString());
            assertEquals(0, readable.exit(), readable.err());
            assertEquals("", readable.err());

            SystemCommands.run("chmod", "600", image.toString());
            for (List<String> args : List.of(List.of("readahead", "--tree", "fs"), List.of("super"),
                    List.of("chunks"), List.of("tree-blocks", "--tree", "root"), List.of("scan"))) {
                List<String> all = new ArrayList<>(args);
                all.add(image.toString());
                Result r = run(asNobody, all.toArray(String[]::new));
                assertEquals(new Result(2, "", "btrfs-workbench: " + image + ": " + FILE_DENIED + "\n"),
                        args.get(0).equals("scan") ? new Result(r.exit(), "", r.err()) : r, String.join(" ", args));
            }
            Result json = run(asNobody, "scan", "--json", image.toString());
            JsonNode denied = MAPPER.readTree(json.out()).get("unreadable").get(0);
            assertEquals(image.toString(), denied.get("path").asText());
            assertEquals(FILE_DENIED, denied.get("reason").asText());
        } finally {
            SystemCommands.run("rm", "-rf", dir.toString());
        }
    }

    private static void unpack(String zst, Path to) {
        assumeTrue(SystemCommands.run("zstd", "-q", "-d", "-f", zst, "-o", to.toString()).ok(), "needs zstd");
    }

    private static void assumeNobodyCanStartTheLauncher() {
        assumeTrue(SystemCommands.run("runuser", "-u", "nobody", "--", "test", "-x", LAUNCHER.toString()).ok(),
                "user nobody cannot reach " + LAUNCHER);
    }
}
