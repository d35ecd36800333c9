package btrfs.workbench.snapshot;

import org.junit.jupiter.api.Test;

import btrfs.workbench.testsupport.Architecture;

class SnapshotLayeringTest {

    @Test
    void usesNoUserInterfaceCode() {
        Architecture.assertHeadless("btrfs.workbench.snapshot");
    }

    @Test
    void hasNoPackageCycle() {
        Architecture.assertNoPackageCycle("btrfs.workbench.snapshot");
    }
}
