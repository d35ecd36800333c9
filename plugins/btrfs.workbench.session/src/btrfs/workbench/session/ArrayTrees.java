package btrfs.workbench.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;

/**
 * The trees of an array for the launch dialog, read from its root tree: here (the array is opened
 * and closed again), or on the server the array is on ({@code trees --json} there).
 */
public class ArrayTrees {

    private List<TreeRoot> roots = List.of();
    /** Subvolume and snapshot trees by id: their paths, as {@code btrfs subvolume list} prints them. */
    private Map<Long, String> subvolumePaths = Map.of();

    /** Loads the array's trees; returns a problem for the user, or null. */
    public String load(BtrfsArray array) {
        return loadHere(array);
    }

    /** Keeps what another machine said (a subclass's {@link #load}). */
    protected final void set(List<TreeRoot> trees, Map<Long, String> paths) {
        roots = List.copyOf(trees);
        subvolumePaths = Map.copyOf(paths);
    }

    private String loadHere(BtrfsArray array) {
        List<Path> devices = array.devices().stream().map(ArrayDevice::readPath).toList();
        FilesystemOpen opened = BtrfsFilesystem.openPaths(devices);
        if (opened instanceof FilesystemOpen.Failed failed) {
            roots = List.of();
            return "Cannot open the array: " + failed.reason();
        }
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) opened).filesystem()) {
            roots = fs.treeRoots();
            Map<Long, String> paths = new HashMap<>();
            fs.subvolumes().list().forEach(v -> paths.put(v.id(), v.label()));
            subvolumePaths = paths;
            return null;
        } catch (IOException e) {
            return null; // closing read-only devices: nothing lost
        }
    }

    public List<TreeRoot> roots() {
        return roots;
    }

    public String describe(TreeRoot root) {
        String path = subvolumePaths.get(root.id());
        String name = path == null || root.id() == ObjectIds.FS_TREE ? root.name() : "subvolume " + path;
        return name + "  (id " + Long.toUnsignedString(root.id()) + ", level " + root.level() + ", root at "
                + Long.toUnsignedString(root.bytenr()) + ")";
    }
}
