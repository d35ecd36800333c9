package btrfs.workbench.discovery;

import org.junit.jupiter.api.Test;

import btrfs.workbench.testsupport.Architecture;

class DiscoveryLayeringTest {

    @Test
    void usesNoUserInterfaceCode() {
        Architecture.assertHeadless("btrfs.workbench.discovery");
    }

    @Test
    void hasNoPackageCycle() {
        Architecture.assertNoPackageCycle("btrfs.workbench.discovery");
    }
}
