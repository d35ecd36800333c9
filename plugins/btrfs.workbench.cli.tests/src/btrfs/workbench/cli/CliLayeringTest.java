package btrfs.workbench.cli;

import org.junit.jupiter.api.Test;

import btrfs.workbench.testsupport.Architecture;

class CliLayeringTest {

    @Test
    void usesNoUserInterfaceCode() {
        Architecture.assertHeadless("btrfs.workbench.cli");
    }

    @Test
    void hasNoPackageCycle() {
        Architecture.assertNoPackageCycle("btrfs.workbench.cli");
    }
}
