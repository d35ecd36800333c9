package btrfs.workbench.bench.array;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.metadata.chunk.BlockGroupType;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.testsupport.Loops;
import btrfs.workbench.testsupport.SystemCommands;

/**
 * Builds the benchmark's arrays with the kernel (mkfs.btrfs, loop devices, mount, {@link ArrayAging})
 * into {@code WORK/arrays/KEY/}, or reuses one built before for the same spec and version.
 */
public final class ArrayBuilder {

    /**
     * Defaults of the kernel, spelled out so that a change of defaults does not change the arrays;
     * populate.py sizes its small files for this max_inline (as generate.sh mounts the test arrays).
     */
    private static final String MOUNT_OPTIONS = "noatime,max_inline=2048";

    private final SystemCommands commands;
    private final Path arrays;
    private final PrintStream log;

    /**
     * @param work the benchmark's work directory; arrays are cached in its {@code arrays/}
     * @param log  progress lines for the user
     */
    public ArrayBuilder(SystemCommands commands, Path work, PrintStream log) {
        this.commands = commands;
        this.arrays = work.resolve("arrays");
        this.log = log;
    }

    /** The array of {@code spec}: from the cache if it holds a complete one, else built now. */
    public BuiltArray obtain(ArraySpec spec) throws BenchException {
        Path dir = arrays.resolve(spec.key());
        Optional<BuiltArray> cached = ArrayManifest.read(dir, spec);
        if (cached.isPresent()) {
            log.printf("array %s: reusing %s%n", spec.name(), dir);
            return cached.get();
        }
        return build(spec, dir);
    }

    private BuiltArray build(ArraySpec spec, Path dir) throws BenchException {
        long started = System.nanoTime();
        log.printf("array %s: building %s in %s%n", spec.name(), spec.describe(), dir);
        removeStale(spec);
        Path building = arrays.resolve(spec.key() + ".building");
        List<Path> images = createImages(building, spec);
        String fsid = UUID.randomUUID().toString();
        mkfs(spec, fsid, images);
        ArrayAging.Outcome outcome = populate(spec, fsid, building, images);
        BuiltArray array = finish(spec, dir, building, fsid, outcome, (System.nanoTime() - started) / 1e9);
        log.printf(Locale.ROOT, "array %s: built in %.0f s, %d metadata block groups, %s%n", spec.name(),
                array.buildSeconds(), array.metadataGroups(), outcome.usage().text());
        return array;
    }

    /** Other versions of this array and a build killed half-way: their loop devices detached, their files gone. */
    private void removeStale(ArraySpec spec) throws BenchException {
        try {
            Files.createDirectories(arrays);
            List<Path> stale;
            try (Stream<Path> dirs = Files.list(arrays)) {
                stale = dirs.filter(d -> d.getFileName().toString().startsWith(spec.name() + "-v")).toList();
            }
            for (Path old : stale) {
                try (Loops loops = new Loops(commands)) {
                    loops.releaseLeftovers(old);
                }
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new BenchException("cannot clear old copies of " + spec.name() + " in " + arrays + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<Path> createImages(Path dir, ArraySpec spec) throws BenchException {
        List<Path> images = BuiltArray.images(dir, spec.devices());
        try {
            Files.createDirectories(dir.resolve("mnt"));
            for (Path image : images) {
                try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                    file.setLength(spec.deviceBytes()); // sparse: only what the kernel writes takes space
                }
            }
        } catch (IOException e) {
            throw new BenchException("cannot create images in " + dir + ": " + e.getMessage(), e);
        }
        return images;
    }

    private void mkfs(ArraySpec spec, String fsid, List<Path> images) {
        List<String> command = new ArrayList<>(List.of("mkfs.btrfs", "-f", "-q", "-U", fsid, "-L",
                "bench-" + spec.name(), "-n", Integer.toString(spec.nodesize()), "-m", spec.metadataProfile(), "-d",
                spec.dataProfile()));
        images.forEach(i -> command.add(i.toString()));
        commands.check(Duration.ofMinutes(5), command.toArray(String[]::new));
    }

    /** Attaches the images, mounts them and lets the kernel write the files; always unmounts and detaches. */
    private ArrayAging.Outcome populate(ArraySpec spec, String fsid, Path dir, List<Path> images)
            throws BenchException {
        Path script = PopulateScript.copyTo(dir);
        try (Loops loops = new Loops(commands)) {
            List<Path> devices = new ArrayList<>();
            for (Path image : images) {
                devices.add(loops.attach(image, Loops.Access.READ_WRITE));
            }
            Path mnt = dir.resolve("mnt");
            loops.mount(devices, mnt, MOUNT_OPTIONS);
            ArrayAging.Outcome outcome = new ArrayAging(mnt, spec, new SpaceInfo(mnt, fsid, commands), commands,
                    new PopulateScript(commands, script, mnt, spec.name()), log).age();
            loops.unmountAll();
            return outcome;
        }
    }

    /** Checks the block groups, moves the images into place and writes the manifest that marks them complete. */
    private BuiltArray finish(ArraySpec spec, Path dir, Path building, String fsid, ArrayAging.Outcome outcome,
            double seconds) throws BenchException {
        List<ChunkItem> metadata = metadataChunks(BuiltArray.images(building, spec.devices()));
        if (metadata.size() < spec.minMetadataGroups()) {
            throw new BenchException(spec.name() + " has " + metadata.size() + " metadata block groups, fewer than "
                    + spec.minMetadataGroups() + "; " + building + " is left for a look");
        }
        long allocated = metadata.stream().mapToLong(ChunkItem::length).sum();
        try {
            Files.delete(building.resolve("mnt"));
            Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
            BuiltArray array = new BuiltArray(spec, dir, fsid, outcome.usage().used(), allocated, metadata.size(),
                    outcome.files(), outcome.snapshots(), outcome.rounds(), seconds);
            ArrayManifest.write(array);
            return array;
        } catch (IOException e) {
            throw new BenchException("cannot store " + spec.name() + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The metadata chunks, read from the unmounted images with our own (read-only) reader. */
    static List<ChunkItem> metadataChunks(List<Path> images) throws BenchException {
        FilesystemOpen opened = BtrfsFilesystem.openPaths(images);
        if (!(opened instanceof FilesystemOpen.Opened ok)) {
            throw new BenchException("the new array in " + images.get(0).getParent() + " does not open: "
                    + ((FilesystemOpen.Failed) opened).reason());
        }
        try (BtrfsFilesystem fs = ok.filesystem()) {
            return fs.chunkMap().chunks().stream().filter(c -> (c.type() & BlockGroupType.METADATA) != 0).toList();
        } catch (IOException e) {
            throw new BenchException("closing " + images + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
