package btrfs.workbench.bench;

import org.junit.jupiter.api.Test;

import btrfs.workbench.testsupport.Architecture;

class BenchLayeringTest {

    @Test
    void usesNoUserInterfaceCode() {
        // the chart is drawn with headless java.awt, never with SWT
        Architecture.assertHeadlessModule("releng/coldcache");
    }
}
