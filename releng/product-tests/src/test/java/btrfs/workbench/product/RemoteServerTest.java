package btrfs.workbench.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.Discovery;
import btrfs.workbench.discovery.ScanMonitor;
import btrfs.workbench.discovery.ScanResult;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.session.remote.RemoteRun;
import btrfs.workbench.session.remote.RemoteServer;
import btrfs.workbench.session.remote.Server;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.SshServer;
import btrfs.workbench.testsupport.SystemCommands;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Arrays on a server (issue 19): a real sshd on localhost, started here with throwaway keys, and
 * the installed product as the server's workbench. Remote scans and runs are compared with the
 * same scans and runs here; Stop and a dropped connection must leave no process on the server.
 * Skipped with the reason where sshd cannot run (not installed, not root).
 */
class RemoteServerTest {

    private static final Path INSTALLATION = Path.of(System.getProperty("btrfs.workbench.installation"));
    private static final Path LAUNCHER = INSTALLATION.resolve("btrfs-workbench");
    private static final Duration ENDS = Duration.ofSeconds(10);

    @TempDir
    static Path sshDir;

    private static SshServer ssh;

    @TempDir
    Path scratch;

    @BeforeAll
    static void startSshd() throws IOException {
        Optional<String> why = SshServer.unavailable();
        assumeTrue(why.isEmpty(), () -> "no sshd for the remote tests: " + why.orElse(""));
        ssh = SshServer.start(sshDir);
    }

    @AfterAll
    static void stopSshd() {
        if (ssh != null) {
            ssh.close();
        }
    }

    /** The installation here, reached as root@localhost:PORT with the test's key and known_hosts. */
    private static Server server(String... scanPaths) {
        return Server.of("root", "localhost", ssh.port()).withIdentity(ssh.identity())
                .withSshOptions(ssh.sshOptions()).withCommand(LAUNCHER.toString()).withPaths(List.of(scanPaths));
    }

    @Test
    void theVersionThereIsCheckedWithAClearMessageWhenMissingOrOld() throws Exception {
        String local = SystemCommands.run(LAUNCHER.toString(), "--version").output().strip();
        assertEquals(local, "btrfs-workbench " + new RemoteServer(server()).version());

        String missing = assertThrows(SessionException.class,
                () -> new RemoteServer(server().withCommand("/nonexistent/btrfs-workbench")).version()).getMessage();
        assertTrue(missing.contains("btrfs-workbench is not installed on root@localhost:" + ssh.port()), missing);

        Path old = script("old-workbench", "echo 'btrfs-workbench 0.0.9'");
        String tooOld = assertThrows(SessionException.class,
                () -> new RemoteServer(server().withCommand(old.toString())).version()).getMessage();
        assertTrue(tooOld.contains("has btrfs-workbench 0.0.9, older than " + RemoteServer.MIN_VERSION), tooOld);

        // a Java too old there: the start script's own words, naming what it found, come through
        Path oldJava = script("old-java", "echo 'btrfs-workbench: needs Java 21 or newer, found: 17 at /usr/lib/jvm/x'"
                + " >&2; exit 2");
        String java = assertThrows(SessionException.class,
                () -> new RemoteServer(server().withCommand(oldJava.toString())).version()).getMessage();
        assertTrue(java.contains("needs Java 21 or newer, found: 17"), java);
    }

    @Test
    void aWrongHostKeyIsRefusedWithSshsMessage() throws Exception {
        Path otherKey = scratch.resolve("other");
        assertTrue(SystemCommands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()).ok());
        String[] key = Files.readString(scratch.resolve("other.pub")).split(" ");
        Path wrong = Files.writeString(scratch.resolve("known_hosts"),
                "[localhost]:" + ssh.port() + " " + key[0] + " " + key[1] + "\n");
        Server spoofed = server().withSshOptions(ssh.sshOptions(wrong));
        String message = assertThrows(SessionException.class, () -> new RemoteServer(spoofed).version()).getMessage();
        assertTrue(message.startsWith("ssh could not run btrfs-workbench on root@localhost:" + ssh.port()), message);
        assertTrue(message.contains("Host key verification failed"), message);
    }

    @Test
    void aRemoteScanEqualsTheLocalOne() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path dir = copyImages(array);
        ScanResult remote = new RemoteServer(server(dir.toString())).scan();
        ScanResult local = new Discovery(TestArrays.cacheDir()).scan(List.of(dir), false, ScanMonitor.NONE);
        assertEquals(1, remote.arrays().size(), remote.toString());
        assertEquals(asNamed(local), remote);
        assertEquals(array.fsid(), remote.arrays().get(0).fsid());

        Path missing = scratch.resolve("no-such-dir");
        ScanResult none = new RemoteServer(server(missing.toString())).scan();
        assertEquals(List.of(missing), none.unreadable().stream().map(u -> u.path()).toList());
    }

    /** Paths as the user named them: the remote side reports no unpacked copies of ours. */
    private static ScanResult asNamed(ScanResult local) {
        List<BtrfsArray> arrays = local.arrays().stream().map(a -> a.withDevices(a.devices().stream()
                .map(d -> new ArrayDevice(d.devid(), d.uuid(), d.path(), d.path(), d.size(), d.bytesUsed(),
                        d.generation(), d.info())).toList())).toList();
        return new ScanResult(arrays, local.unreadable());
    }

    @Test
    void aRemoteRunEndsAsTheSameRunHereAndTouchesNothing() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path dir = copyImages(array);
        Map<Path, String> hashes = Hashes.sha256(images(dir));
        RunSpec spec = RunSpec.builder().devices(images(dir)).trees(List.of(1L, 2L, 257L)).build();
        List<ControlSnapshot> here = localRun(spec);
        try (RemoteRun remote = RemoteRun.start(server(), spec)) {
            assertTrue(remote.await(Duration.ofMinutes(2)), "the remote run ended");
            assertNull(remote.failure());
            assertTrue(remote.frame().finished());
            assertEquals(blocks(here), blocks(remote.frame().controls()));
            assertEquals(List.of(0L, 0L, 0L), remote.frame().controls().stream().map(ControlSnapshot::errors).toList());
        }
        assertEquals(hashes, Hashes.sha256(images(dir)), "images untouched");
    }

    private static List<ControlSnapshot> localRun(RunSpec spec) throws Exception {
        try (ArraySession session = ArraySession.open(spec); LiveRun run = session.start(spec, "test", List.of())) {
            return run.await();
        }
    }

    private static List<Long> blocks(List<ControlSnapshot> controls) {
        return controls.stream().map(ControlSnapshot::blocks).toList();
    }

    /**
     * A paced run there shows the devices and zones the same run shows here; its process runs
     * under the server's sshd; Stop ends it there too.
     */
    @Test
    void aPacedRemoteRunShowsTheSameZonesAndStopLeavesNoProcess() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path dir = copyImages(array);
        RunSpec spec = paced(images(dir));
        try (RemoteRun remote = RemoteRun.start(server(), spec)) {
            assertSameZonesAsHere(spec, remote);
            assertTrue(ssh.runs(dir.toString()), "the readahead runs under the server's sshd");
            assertTrue(!remote.isFinished() && !remote.frame().finished(), () -> "still reading when stopped; "
                    + "finished " + remote.isFinished() + ", frame finished " + remote.frame().finished()
                    + ", failure: " + remote.failure());
            remote.cancel();
            assertTrue(remote.await(ENDS), "stopped");
            assertNull(remote.failure(), "a stop is not a failure");
            assertNoProcessLeft(dir);
        }
    }

    @Test
    void killingSshdMidRunEndsTheRunWithTheReasonAndNoProcessIsLeft() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path dir = copyImages(array);
        try (SshServer dying = SshServer.start(Files.createDirectories(scratch.resolve("dying")))) {
            Server server = Server.of("root", "localhost", dying.port()).withIdentity(dying.identity())
                    .withSshOptions(dying.sshOptions()).withCommand(LAUNCHER.toString());
            try (RemoteRun remote = RemoteRun.start(server, paced(images(dir)))) {
                long reads = remote.frame().engine().totals().reads();
                dying.kill();
                assertTrue(remote.await(ENDS), "the run ends when the connection drops, no hang");
                String failure = remote.failure();
                assertNotNull(failure, "a dropped connection is a failure");
                assertTrue(failure.startsWith("the connection to root@localhost:" + dying.port() + " was lost"), failure);
                assertTrue(remote.frame().engine().totals().reads() >= reads, "the last frame stays");
                assertNotNull(remote.snapshot(), "the last frame can be saved as a snapshot");
                assertNoProcessLeft(dir);
            }
        }
    }

    @Test
    void aRunTheServerCannotStartIsItsOwnMessage() {
        RunSpec spec = RunSpec.builder().devices(List.of(scratch.resolve("nothing.img"))).trees(List.of(5L)).build();
        String message = assertThrows(SessionException.class, () -> RemoteRun.start(server(), spec)).getMessage();
        assertTrue(message.startsWith("btrfs-workbench readahead on root@localhost:" + ssh.port() + " failed (exit 2)"),
                message);
        assertTrue(message.contains("nothing.img"), message);
    }

    /** Tree 257 one block at a time per device, 60 ms each: about 30 s, far longer than a stop may take. */
    private static RunSpec paced(List<Path> devices) {
        return RunSpec.builder().devices(devices).trees(List.of(257L)).coalesce(false).maxInFlight(1)
                .streamZones(StreamZones.OFF).pacing(Duration.ofMillis(60), 0, false).build();
    }

    private static void assertSameZonesAsHere(RunSpec spec, RemoteRun remote) throws Exception {
        try (ArraySession session = ArraySession.open(spec); LiveRun here = session.start(spec, "test", List.of())) {
            List<Long> devids = remote.frame().engine().devices().stream().map(DeviceSnapshot::devid).toList();
            assertEquals(here.sample().engine().devices().stream().map(DeviceSnapshot::devid).toList(), devids);
            assertEquals(List.of(1L, 2L, 3L), devids);
            for (long devid : devids) {
                assertEquals(here.metadataZones(devid), remote.metadataZones(devid), "zones of device " + devid);
            }
            here.cancel();
        }
    }

    private static void assertNoProcessLeft(Path marker) throws InterruptedException {
        long deadline = System.nanoTime() + ENDS.toNanos();
        while (anyProcess(marker.toString())) {
            assertTrue(System.nanoTime() < deadline, "a process naming " + marker + " is left on the server");
            Thread.sleep(100);
        }
    }

    private static boolean anyProcess(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> SshServer.commandLine(p).contains(marker));
    }

    /** The array's compressed images in a directory of this test's: its path marks the processes. */
    private Path copyImages(TestArray array) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve(array.name()));
        for (Path image : array.compressedImages()) {
            Files.copy(image, dir.resolve(image.getFileName()));
        }
        return dir;
    }

    private static List<Path> images(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return new ArrayList<>(files.filter(f -> f.toString().endsWith(".img.zst")).sorted().toList());
        }
    }

    private Path script(String name, String body) throws IOException {
        Path file = Files.writeString(scratch.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
