package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.remote.RemoteRun;
import btrfs.workbench.session.remote.Server;
import btrfs.workbench.session.remote.ServerCatalog;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.testsupport.SshServer;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.remote.RemoteRunJob;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.testing.CliInstall;
import btrfs.workbench.ui.testing.LoggedStatuses;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.SideBySide;
import btrfs.workbench.ui.testing.UiWait;
import btrfs.workbench.ui.views.ArraysView;

/**
 * A server's array in the Arrays view and a paced readahead there in the live views (issue 19):
 * a real sshd on localhost, the CLI of this test runtime as the server's workbench. The views
 * show the remote run's frames as they show a local run's, with the zones of the same run here;
 * Stop ends the process on the server. Skipped with the reason where sshd cannot run.
 */
class RemoteRunViewsTest {

    private static final IoModel PACE = new IoModel(Duration.ofMillis(100), 0, false);

    @TempDir
    static Path dir;

    private static SshServer ssh;
    private static Path workbench;

    @BeforeAll
    static void startSshd() throws IOException {
        Optional<String> why = SshServer.unavailable();
        assumeTrue(why.isEmpty(), () -> "no sshd for the remote views test: " + why.orElse(""));
        ssh = SshServer.start(Files.createDirectories(dir.resolve("ssh")));
        workbench = CliInstall.script(dir.resolve("bin"));
    }

    @AfterAll
    static void stopSshd() {
        if (ssh != null) {
            ssh.close();
        }
    }

    /**
     * A test that failed mid-run stops its remote run before the server goes: else the dropped
     * connection would end it with a failure and its modal offer to save the last frame.
     */
    @AfterEach
    void stopRemoteRunsStillReading() {
        for (RunSource source : RunRegistry.get().runs()) {
            if (source instanceof RemoteRun run && !run.isFinished()) {
                run.cancel();
                UiWait.until("remote run stopped", run::isFinished);
            }
        }
    }

    private static <T> T show(String id, Class<T> type) throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        return type.cast(page.showView(id));
    }

    @Test
    void aRemoteRunShowsLiveAsTheSameRunHereAndStopEndsItThere() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path images = dir.resolve("images");
        List<Path> devices = copyImages(array, images);
        Server server = Server.of("root", "localhost", ssh.port()).withIdentity(ssh.identity())
                .withSshOptions(ssh.sshOptions()).withCommand(workbench.toString()).withPaths(List.of(images.toString()));

        ArraysView arrays = show(ArraysView.ID, ArraysView.class);
        ServerCatalog.Connected connected = ServerCatalog.workbench().connect(server);
        assertEquals(List.of(array.fsid()), connected.scan().arrays().stream().map(a -> a.fsid()).toList());
        Tree tree = arrays.viewer().getTree();
        UiWait.until("the server in the Arrays view", () -> Stream.of(tree.getItems())
                .anyMatch(i -> i.getText(0).equals(server.label())));
        Screenshots.save(arrays.getSite().getShell(), "remote-arrays.png");

        // one block per read, two in flight per device, no streaming: half a minute, time to look mid-run
        RunSpec spec = RunSpec.builder().devices(devices).trees(List.of(1L, 2L, 5L, 7L, 257L)).coalesce(false)
                .maxInFlight(2).streamZones(StreamZones.OFF).io(PACE).build();
        ZonesView zones = show(ZonesView.ID, ZonesView.class);
        QueueView queue = show(QueueView.ID, QueueView.class);
        PointersView pointers = show(PointersView.ID, PointersView.class);
        long framesBefore = RunRegistry.get().frames();
        RemoteRunJob job = RemoteRunJob.launch(server, spec, "raid1-blake2-16k");
        UiWait.until("remote run mid-way", () -> job.run() != null && RunRegistry.get().selected() == job.run()
                && LiveViewsTest.midRun(pointers.shownFrame()), () -> "(job " + job.getResult() + ")");
        RemoteRun run = job.run();
        // its frames count as a local run's: the table views that take turns show them too
        assertTrue(RunRegistry.get().frames() > framesBefore + 2, "frames told: "
                + (RunRegistry.get().frames() - framesBefore));
        assertNull(run.offlineMark(), "a remote run is live, as a local one");
        assertSameZonesAsHere(spec, run);
        assertTrue(ssh.runs(images.toString()), "the readahead runs under the server's sshd");
        // here: what this JVM started (the ssh client) but for the server, which this test started too
        assertTrue(ProcessHandle.current().descendants().filter(p -> !ssh.serves(p))
                .noneMatch(p -> SshServer.commandLine(p).contains("btrfs.workbench.cli.Main")), "no readahead runs here");
        assertTrue(ProcessHandle.current().descendants().filter(p -> !ssh.serves(p))
                .anyMatch(p -> SshServer.commandLine(p).startsWith("ssh ")), "the ssh client runs here");

        LiveViewsTest.assertPointers(pointers);
        LiveViewsTest.bringToFront(zones);
        LiveViewsTest.assertZones(zones);
        LiveViewsTest.bringToFront(queue);
        UiWait.until("queue rows", () -> LiveViewsTest.someQueuedRowsArrived(queue));
        LiveViewsTest.assertQueue(queue);
        // zones and queue side by side (the perspective stacks them), then back to the perspective
        IWorkbenchPage page = zones.getSite().getPage();
        SideBySide.show(page, List.of(ZonesView.ID, QueueView.ID));
        UiWait.until("zones and queue on screen", () -> zones.control().isVisible() && queue.control().isVisible()
                && LiveViewsTest.midRun(zones.shownFrame()) && LiveViewsTest.someQueuedRowsArrived(queue));
        UiWait.pump(Duration.ofMillis(500));
        Screenshots.save(zones.getSite().getShell(), "remote-live.png");
        assertFalse(zones.shownFrame().finished(), "the views were compared mid-run");
        page.resetPerspective();

        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("btrfs.workbench.ui.commands.stop",
                null);
        UiWait.until("the remote run stopped", () -> job.getResult() != null);
        assertNull(run.failure(), "Stop is not a failure");
        UiWait.until("no process left on the server", () -> !ssh.runs(images.toString()));
    }

    /**
     * sshd dies mid-run: the run ends with the reason as an error in the Error Log, the last frame
     * stays on screen, a dialog offers to save it as a snapshot, and the server's process ends.
     */
    @Test
    void aDroppedConnectionEndsTheRunInTheErrorLogAndOffersTheLastFrame() throws Exception {
        Path images = dir.resolve("dropped");
        List<Path> devices = copyImages(TestArrays.named("raid1-blake2-16k"), images);
        RunSpec spec = RunSpec.builder().devices(devices).trees(List.of(257L)).coalesce(false).maxInFlight(1)
                .streamZones(StreamZones.OFF).io(PACE).build();
        try (SshServer dying = SshServer.start(Files.createDirectories(dir.resolve("dying")));
                LoggedStatuses logged = LoggedStatuses.listen()) {
            Server server = Server.of("root", "localhost", dying.port()).withIdentity(dying.identity())
                    .withSshOptions(dying.sshOptions()).withCommand(workbench.toString());
            RemoteRunJob job = RemoteRunJob.launch(server, spec, "raid1-blake2-16k");
            UiWait.until("remote run reading", () -> job.run() != null && job.run().frame().engine().totals().reads() > 3);
            RemoteRun run = job.run();
            AtomicBoolean offered = new AtomicBoolean();
            Display display = Display.getCurrent();
            Thread answer = new Thread(() -> answerNo(display, offered), "answer-the-offer");
            answer.setDaemon(true);
            answer.start();
            dying.kill();
            UiWait.until("the run ended", () -> job.getResult() != null && offered.get());
            IStatus result = job.getResult();
            assertEquals(IStatus.ERROR, result.getSeverity(), result.toString());
            assertTrue(result.getMessage().contains("the connection to root@localhost:" + dying.port() + " was lost"),
                    result.getMessage());
            UiWait.until("the Error Log has it", () -> logged.all().stream()
                    .anyMatch(s -> s.getMessage().equals(result.getMessage())));
            assertTrue(RunRegistry.get().runs().contains(run), "the run stays listed");
            assertTrue(run.frame().engine().totals().reads() > 3, "its last frame stays on screen");
            UiWait.until("no process left on the server", () -> ProcessHandle.allProcesses()
                    .noneMatch(p -> SshServer.commandLine(p).contains(images.toString())));
        }
    }

    /** Waits for the offer to save the last frame and answers No (it is modal: the UI thread is in it). */
    private static void answerNo(Display display, AtomicBoolean offered) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!offered.get() && System.currentTimeMillis() < deadline) {
            display.syncExec(() -> {
                for (Shell shell : display.getShells()) {
                    if (shell.isVisible() && Messages.RemoteRunJob_lostTitle.equals(shell.getText())) {
                        offered.set(true);
                        shell.close();
                    }
                }
            });
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The array's compressed images copied into {@code to} (its path marks the server's processes), sorted. */
    private static List<Path> copyImages(TestArray array, Path to) throws IOException {
        Files.createDirectories(to);
        for (Path image : array.compressedImages()) {
            Files.copy(image, to.resolve(image.getFileName()));
        }
        return array.compressedImages().stream().map(i -> to.resolve(i.getFileName())).sorted().toList();
    }

    /** The same run here: the same devices, and every device's zones (its metadata block groups). */
    private static void assertSameZonesAsHere(RunSpec spec, RemoteRun remote) throws Exception {
        try (ArraySession session = ArraySession.open(spec); LiveRun here = session.start(spec, "test", List.of())) {
            List<Long> devids = remote.frame().engine().devices().stream().map(DeviceSnapshot::devid).toList();
            assertEquals(here.sample().engine().devices().stream().map(DeviceSnapshot::devid).toList(), devids);
            for (long devid : devids) {
                assertEquals(here.metadataZones(devid), remote.metadataZones(devid), "zones of devid " + devid);
            }
            here.cancel();
        }
    }
}
