package btrfs.workbench.bench.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PrerequisitesTest {

    /** A machine with exactly the given abilities. */
    private record FakeHost(boolean isRoot, Set<String> tools, boolean hasBtrfs, boolean hasFreeLoopDevice,
            boolean canDropCaches) implements Host {

        static final Set<String> ALL = Set.of("mkfs.btrfs", "btrfs", "losetup", "mount", "umount", "python3");

        @Override
        public boolean hasTool(String name) {
            return tools.contains(name);
        }
    }

    @Test
    void aCompleteMachineLacksNothing() {
        assertEquals(List.of(), Prerequisites.missing(new FakeHost(true, FakeHost.ALL, true, true, true)));
    }

    @Test
    void withoutRootItSaysSoAndDoesNotBlameTheLoopDevices() {
        List<String> missing = Prerequisites.missing(new FakeHost(false, FakeHost.ALL, true, false, false));
        assertEquals(1, missing.size(), missing.toString());
        assertTrue(missing.get(0).contains("must run as root"), missing.toString());
    }

    @Test
    void missingToolsAreNamedWithTheirPackage() {
        List<String> missing = Prerequisites.missing(new FakeHost(true, Set.of("losetup", "mount", "umount", "python3"),
                true, true, true));
        assertEquals(List.of("mkfs.btrfs and btrfs are not both on the PATH: apt-get install btrfs-progs"), missing);
    }

    @Test
    void aContainerWithoutLoopDevicesOrDropCachesIsTold() {
        List<String> missing = Prerequisites.missing(new FakeHost(true, FakeHost.ALL, false, false, false));
        assertEquals(3, missing.size(), missing.toString());
        assertTrue(missing.get(1).contains("no free loop device"), missing.toString());
        assertTrue(missing.get(2).contains("drop_caches"), missing.toString());
    }
}
