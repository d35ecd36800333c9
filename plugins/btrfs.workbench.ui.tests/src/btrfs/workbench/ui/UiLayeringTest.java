package btrfs.workbench.ui;

import org.junit.jupiter.api.Test;

import btrfs.workbench.testsupport.Architecture;

/** The UI's packages (views, handlers, launch, run ...) depend on each other without a cycle. */
class UiLayeringTest {

    @Test
    void hasNoPackageCycle() {
        Architecture.assertNoPackageCycle("btrfs.workbench.ui");
    }
}
