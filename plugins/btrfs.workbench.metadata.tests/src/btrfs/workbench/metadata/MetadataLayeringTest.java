package btrfs.workbench.metadata;

import org.junit.jupiter.api.Test;

import btrfs.workbench.testsupport.Architecture;

class MetadataLayeringTest {

    @Test
    void usesNoUserInterfaceCode() {
        Architecture.assertHeadless("btrfs.workbench.metadata");
    }

    @Test
    void hasNoPackageCycle() {
        Architecture.assertNoPackageCycle("btrfs.workbench.metadata");
    }
}
