package btrfs.workbench.readahead;

import org.junit.jupiter.api.Test;

import btrfs.workbench.testsupport.Architecture;

class ReadaheadLayeringTest {

    @Test
    void usesNoUserInterfaceCode() {
        Architecture.assertHeadless("btrfs.workbench.readahead");
    }

    @Test
    void hasNoPackageCycle() {
        Architecture.assertNoPackageCycle("btrfs.workbench.readahead");
    }
}
