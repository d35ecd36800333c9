package btrfs.workbench.bench.system;

import java.util.ArrayList;
import java.util.List;

/** Everything the benchmark needs of the machine, checked up front so that it fails in one clear message. */
public final class Prerequisites {

    private Prerequisites() {
    }

    /** What is missing, one sentence each with the remedy; empty when the benchmark can run. */
    public static List<String> missing(Host host) {
        List<String> missing = new ArrayList<>();
        if (!host.isRoot()) {
            missing.add("it must run as root (loop devices, mkfs.btrfs, mount, drop_caches): "
                    + "sudo ./btrfs-workbench bench");
        }
        tools(host, missing);
        if (host.isRoot()) {
            machine(host, missing);
        }
        return missing;
    }

    private static void tools(Host host, List<String> missing) {
        if (!host.hasTool("mkfs.btrfs") || !host.hasTool("btrfs")) {
            missing.add("mkfs.btrfs and btrfs are not both on the PATH: apt-get install btrfs-progs");
        }
        for (String tool : List.of("losetup", "mount", "umount")) {
            if (!host.hasTool(tool)) {
                missing.add(tool + " is not on the PATH: apt-get install util-linux mount");
            }
        }
        if (!host.hasTool("python3")) {
            missing.add("python3 is not on the PATH (testdata/populate.py writes the arrays' files): "
                    + "apt-get install python3");
        }
    }

    /** Only meaningful as root: without it these all fail for the same reason, already said. */
    private static void machine(Host host, List<String> missing) {
        if (!host.hasBtrfs()) {
            missing.add("the kernel cannot mount btrfs (not in /proc/filesystems; modprobe btrfs)");
        }
        if (!host.hasFreeLoopDevice()) {
            missing.add("there is no free loop device (losetup --find fails: modprobe loop; "
                    + "a container needs --privileged)");
        }
        if (!host.canDropCaches()) {
            missing.add("/proc/sys/vm/drop_caches is not writable, so no measurement could start cold "
                    + "(a container needs --privileged)");
        }
    }
}
