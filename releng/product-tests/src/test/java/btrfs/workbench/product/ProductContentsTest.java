package btrfs.workbench.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

import btrfs.workbench.testsupport.SystemCommands;

/**
 * The built product ships only what a user runs. Its promise is that it never writes to a device
 * and never formats or mounts anything; the cold-cache benchmark, which does all of that, and the
 * test code live outside it (releng/coldcache, plugins/*.tests, testsupport). This reads the
 * project's bundles ({@code btrfs.workbench.*}) of the materialized installation and of the
 * archive users download, and every class in them by its constant pool ({@link ClassConstants}):
 * what a class runs, names and opens for writing is all there.
 * <p>
 * Not seen: a native call that writes (the readahead bundle calls libc through JNA for thread
 * priorities); its syscall numbers are values, not names.
 */
class ProductContentsTest {

    private static final Path INSTALLATION = Path.of(System.getProperty("btrfs.workbench.installation"));
    private static final Path ARCHIVE = Path.of(System.getProperty("btrfs.workbench.archive"));
    private static final Path FEATURE = Path.of(System.getProperty("btrfs.workbench.testdata")).getParent()
            .resolve("features/btrfs.workbench.feature/feature.xml");
    private static final String PROJECT = "btrfs.workbench";
    /** A project bundle's file or directory name: symbolic name, '_', version. */
    private static final Pattern BUNDLE_FILE = Pattern.compile("(" + Pattern.quote(PROJECT) + "[^_/]*)_[^/]+");

    /** Programs that format, partition, overwrite, attach or mount devices: the product runs none of them. */
    private static final Set<String> DEVICE_TOOLS = Set.of("mkfs", "mount", "umount", "losetup", "wipefs",
            "blkdiscard", "dd", "fdisk", "sfdisk", "sgdisk", "parted");

    /** How Java code opens a file for writing, as the pool names it ({@code owner.name:descriptor}). */
    private static final List<Pattern> WRITE_OPENERS = Stream.of(
            "java/nio/file/StandardOpenOption\\.(WRITE|APPEND|CREATE|CREATE_NEW):.*",
            "java/io/(FileOutputStream|FileWriter)\\.<init>:.*",
            "java/io/(PrintStream|PrintWriter)\\.<init>:\\((Ljava/lang/String;|Ljava/io/File;).*",
            "java/nio/file/Files\\.(newOutputStream|newBufferedWriter|write|writeString):.*",
            // copy onto a Path (not into a stream)
            "java/nio/file/Files\\.copy:\\(L[^;]+;Ljava/nio/file/Path;.*").map(Pattern::compile).toList();

    /**
     * The classes that open files for writing, and what they write: files the user chose, and the
     * cache of unpacked images — never a device. A new writer fails this test until it has been
     * reviewed and named here; a named class that no longer writes fails it too, so the list stays
     * true and the test shows that it sees writes.
     */
    private static final Map<String, String> WRITERS = Map.of(
            "btrfs/workbench/discovery/CompressedImages", "unpacks .zst images into the user's image cache",
            "btrfs/workbench/snapshot/SnapshotFiles", "the diagnostic snapshot file the user names",
            "btrfs/workbench/snapshot/record/Recorder", "the recording file the user names",
            "btrfs/workbench/snapshot/trace/TraceWriter", "the event trace file the user names",
            "btrfs/workbench/session/remote/RemoteRun", "the copy of a server's run recording the user names");

    /**
     * The classes that start a program, and which: ssh only, to run btrfs-workbench's own commands
     * on a server the user connected to (issue 19; {@code Server.sshCommand} builds the line,
     * {@code RemoteServer.startSsh} starts it for the short commands and for {@code RemoteRun}).
     * Like {@link #WRITERS}, a new one fails until named, a named one that no longer starts one too.
     */
    private static final Map<String, String> STARTERS = Map.of("btrfs/workbench/session/remote/RemoteServer",
            "ssh HOST btrfs-workbench --version | scan --json | trees --json | readahead ... --record -");

    /** A project bundle as installed. */
    private record Bundle(String symbolicName, String fileName, List<ClassConstants> classes, List<String> jars) {
    }

    /** One class's breach of a rule, for the failure message. */
    private record Finding(String bundle, String className, String what) {

        @Override
        public String toString() {
            return bundle + ": " + className + ": " + what;
        }
    }

    private static List<Bundle> bundles;

    @BeforeAll
    static void readTheInstalledProjectBundles() throws IOException {
        Path plugins = INSTALLATION.resolve("plugins");
        assertTrue(Files.isDirectory(plugins), "no installation at " + INSTALLATION + " (build the product first)");
        List<Bundle> read = new ArrayList<>();
        try (Stream<Path> all = Files.list(plugins)) {
            for (Path location : all.filter(p -> p.getFileName().toString().startsWith(PROJECT)).sorted().toList()) {
                read.add(read(location));
            }
        }
        bundles = List.copyOf(read);
    }

    /** Not vacuous: the bundles the feature lists are there, each with classes, all of which are read. */
    @Test
    void theInstallationHoldsExactlyTheFeaturesProjectBundlesAndEveryClassOfThemIsRead() throws Exception {
        assertEquals(featureBundles(), names(bundles, Bundle::symbolicName), "project bundles installed");
        for (Bundle bundle : bundles) {
            assertFalse(bundle.classes().isEmpty(), bundle.symbolicName() + " has no classes");
            assertEquals(List.of(), bundle.jars(), bundle.symbolicName() + " embeds jars this test does not read");
        }
        assertTrue(bundles.stream().mapToInt(b -> b.classes().size()).sum() > 100, "the project has its classes");
    }

    @Test
    void noBenchmarkOrTestCodeShips() {
        List<String> found = new ArrayList<>();
        for (Bundle bundle : bundles) {
            if (notForUsers(bundle.symbolicName())) {
                found.add(bundle.symbolicName());
            }
            bundle.classes().stream().map(ClassConstants::name).filter(ProductContentsTest::notForUsersPackage)
                    .forEach(c -> found.add(bundle.symbolicName() + ": " + c));
        }
        assertEquals(List.of(), found, "benchmark or test code in the product");
    }

    @Test
    void noBundleStartsAProgramOrNamesADeviceTool() {
        List<Finding> found = findings(ProductContentsTest::programsAndTools);
        assertEquals(List.of(), found, "the product must not run tools that format, mount or overwrite devices");
        Set<String> starters = new TreeSet<>();
        for (Bundle bundle : bundles) {
            bundle.classes().stream().filter(ProductContentsTest::startsAProgram).map(ClassConstants::topLevel)
                    .forEach(starters::add);
        }
        assertEquals(new TreeSet<>(STARTERS.keySet()), starters, "classes that start a program (review a new one: "
                + "ssh to a server the user chose, nothing that touches a device; then name it in STARTERS)");
    }

    @Test
    void onlyTheKnownWritersOpenFilesForWriting() {
        Set<String> writers = new TreeSet<>();
        for (Bundle bundle : bundles) {
            bundle.classes().stream().filter(ProductContentsTest::opensForWriting).map(ClassConstants::topLevel)
                    .forEach(writers::add);
        }
        assertEquals(new TreeSet<>(WRITERS.keySet()), writers,
                "classes that open files for writing (review a new one: never a device, only files the user "
                        + "chose or the image cache; then name it in WRITERS)");
    }

    /** What users download is what was tested: the same project bundles as the installation. */
    @Test
    void theArchiveShipsTheSameProjectBundles() {
        assertTrue(Files.isRegularFile(ARCHIVE), "no product archive at " + ARCHIVE);
        SystemCommands.Result listing = SystemCommands.run("tar", "-tzf", ARCHIVE.toString());
        assertTrue(listing.ok(), listing.output());
        Set<String> archived = new TreeSet<>();
        for (String entry : listing.output().lines().toList()) {
            Matcher m = Pattern.compile("^[^/]+/plugins/(" + BUNDLE_FILE.pattern() + ")").matcher(entry);
            if (m.find()) {
                archived.add(m.group(1));
            }
        }
        assertEquals(names(bundles, Bundle::fileName), archived);
    }

    /** Issue 19: the manual page and the completion script sit at the top of the installation. */
    @Test
    void theArchiveShipsTheManualPageAndTheCompletion() {
        SystemCommands.Result listing = SystemCommands.run("tar", "-tzf", ARCHIVE.toString());
        assertTrue(listing.ok(), listing.output());
        Set<String> top = listing.output().lines().map(e -> e.replaceFirst("^[^/]+/", ""))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        assertTrue(top.containsAll(List.of("btrfs-workbench", "btrfs-workbench.1", "btrfs-workbench.bash-completion",
                "find-jdk.sh")), top.toString());
    }

    /** The rule of {@link #noBundleStartsAProgramOrNamesADeviceTool} tells a command from prose that mentions one. */
    @Test
    void aDeviceToolIsACommandNotAWordInAMessage() {
        for (String command : List.of("mkfs.btrfs", "/usr/sbin/mkfs.ext4", "mount", "losetup", "umount",
                "mount -o ro /dev/sdb /mnt", "/proc/sys/vm/drop_caches", "dd")) {
            assertTrue(namesDeviceTool(command), command);
        }
        for (String prose : List.of("temporary btrfs magic: mkfs or a conversion did not finish", "mounted",
                "/proc/self/mountinfo", "the filesystem is mounted: %d blocks changed", "", "dump-tree")) {
            assertFalse(namesDeviceTool(prose), prose);
        }
    }

    private static Bundle read(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            return read(location, location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return read(location, jar.getPath("/"));
        }
    }

    private static Bundle read(Path location, Path root) throws IOException {
        List<ClassConstants> classes = new ArrayList<>();
        List<String> jars = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class")) {
                    classes.add(ClassConstants.read(Files.readAllBytes(file)));
                } else if (name.endsWith(".jar")) {
                    jars.add(root.relativize(file).toString());
                }
            }
        }
        return new Bundle(symbolicName(root.resolve("META-INF/MANIFEST.MF")), location.getFileName().toString(),
                classes, jars);
    }

    private static String symbolicName(Path manifest) throws IOException {
        try (InputStream in = Files.newInputStream(manifest)) {
            return new Manifest(in).getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
        }
    }

    /** The project's plugins the product feature lists. */
    private static Set<String> featureBundles() throws Exception {
        NodeList plugins = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(FEATURE.toFile())
                .getElementsByTagName("plugin");
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < plugins.getLength(); i++) {
            String id = plugins.item(i).getAttributes().getNamedItem("id").getNodeValue();
            if (id.startsWith(PROJECT)) {
                ids.add(id);
            }
        }
        assertFalse(ids.isEmpty(), "no project plugins in " + FEATURE);
        return ids;
    }

    private static Set<String> names(List<Bundle> bundles, Function<Bundle, String> name) {
        return new TreeSet<>(bundles.stream().map(name).toList());
    }

    /** The benchmark (btrfs.workbench.bench, ...benchmarks) and test code (*.tests, testsupport). */
    private static boolean notForUsers(String symbolicName) {
        return Arrays.stream(symbolicName.split("\\.")).skip(2)
                .anyMatch(s -> s.startsWith("bench") || s.equals("tests") || s.equals("testsupport"));
    }

    private static boolean notForUsersPackage(String className) {
        return notForUsers(className.substring(0, className.lastIndexOf('/')).replace('/', '.'));
    }

    private static List<Finding> findings(Function<ClassConstants, List<String>> rule) {
        List<Finding> found = new ArrayList<>();
        for (Bundle bundle : bundles) {
            for (ClassConstants c : bundle.classes()) {
                rule.apply(c).forEach(what -> found.add(new Finding(bundle.symbolicName(), c.name(), what)));
            }
        }
        return found;
    }

    /** Starting a program outside {@link #STARTERS}, or a literal naming a device tool. */
    private static List<String> programsAndTools(ClassConstants c) {
        List<String> found = new ArrayList<>();
        if (!STARTERS.containsKey(c.topLevel())) {
            c.members().stream().filter(ProductContentsTest::startsProgram)
                    .forEach(m -> found.add("starts a program: " + m));
        }
        c.strings().stream().filter(ProductContentsTest::namesDeviceTool).forEach(s -> found.add("names \"" + s + "\""));
        return found;
    }

    private static boolean startsAProgram(ClassConstants c) {
        return c.members().stream().anyMatch(ProductContentsTest::startsProgram);
    }

    private static boolean startsProgram(String member) {
        return member.startsWith("java/lang/ProcessBuilder.") || member.startsWith("java/lang/Runtime.exec:");
    }

    /**
     * A literal naming a device tool as a program to run ("mkfs.btrfs", "/sbin/losetup", "mount -o
     * ro /dev/sdb /mnt"), or the page-cache switch the benchmark flips; not prose that mentions a
     * tool ("mkfs or a conversion did not finish").
     */
    static boolean namesDeviceTool(String literal) {
        if (literal.contains("drop_caches")) {
            return true;
        }
        String[] words = literal.trim().split("\\s+");
        String program = words[0].substring(words[0].lastIndexOf('/') + 1);
        boolean tool = DEVICE_TOOLS.contains(program) || program.startsWith("mkfs.");
        boolean commandLine = words.length == 1
                || Arrays.stream(words).skip(1).anyMatch(w -> w.startsWith("-") || w.startsWith("/dev/"));
        return tool && commandLine;
    }

    private static boolean opensForWriting(ClassConstants c) {
        boolean opener = c.members().stream().anyMatch(m -> WRITE_OPENERS.stream().anyMatch(p -> p.matcher(m).matches()));
        // RandomAccessFile writes only when opened "rw", "rws" or "rwd"
        boolean randomAccess = c.members().stream().anyMatch(m -> m.startsWith("java/io/RandomAccessFile.<init>:"))
                && c.strings().stream().anyMatch(s -> s.startsWith("rw"));
        return opener || randomAccess;
    }
}
