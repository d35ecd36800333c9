package btrfs.workbench.session;

import org.junit.jupiter.api.Test;

import btrfs.workbench.testsupport.Architecture;

class SessionLayeringTest {

    @Test
    void usesNoUserInterfaceCode() {
        Architecture.assertHeadless("btrfs.workbench.session");
    }

    @Test
    void hasNoPackageCycle() {
        Architecture.assertNoPackageCycle("btrfs.workbench.session");
    }
}
