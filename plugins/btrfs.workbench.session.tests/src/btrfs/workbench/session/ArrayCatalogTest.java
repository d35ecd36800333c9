package btrfs.workbench.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.ScanMonitor;
import btrfs.workbench.discovery.ScanResult;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/** The scan result the Arrays view, the launch command and the CLI's scan read. */
class ArrayCatalogTest {

    @TempDir
    Path scratch;

    @Test
    void aScanFindsEveryCommittedArrayAndTellsItsListeners() {
        ArrayCatalog catalog = new ArrayCatalog();
        assertFalse(catalog.scanned());
        catalog.setTargets(List.of(TestArrays.arraysDir()));
        assertFalse(catalog.scansMachine(), "paths named: this machine's devices are not scanned");
        List<ScanResult> told = new ArrayList<>();
        catalog.addListener(told::add);
        ScanResult result = catalog.scan(ScanMonitor.NONE);
        assertTrue(catalog.scanned());
        assertSame(result, catalog.result());
        assertEquals(List.of(result), told);
        Set<String> fsids = result.arrays().stream().map(a -> a.fsid().toString()).collect(Collectors.toSet());
        assertEquals(TestArrays.all().stream().map(a -> a.fsid().toString()).collect(Collectors.toSet()), fsids);
        assertEquals(result.arrays().size(), catalog.launchable().size());
    }

    @Test
    void everyRowOfAnArrayLeadsToIt() {
        ArrayCatalog catalog = new ArrayCatalog();
        TestArray raid1 = TestArrays.named("raid1-blake2-16k");
        catalog.setTargets(List.of(raid1.dir()));
        BtrfsArray array = catalog.scan(ScanMonitor.NONE).arrays().get(0);
        assertSame(array, catalog.arrayOf(array));
        assertSame(array, catalog.arrayOf(array.devices().get(1)));
        assertSame(array, catalog.arrayOf(new MissingDevice(array, 9)));
        assertNull(catalog.arrayOf("something else"));
        assertNull(catalog.arrayOf(null));
    }

    @Test
    void aCommandLineOpensSnapshotsAndScansTheRest() throws Exception {
        ArrayCatalog catalog = new ArrayCatalog();
        Path snapshot = Files.writeString(scratch.resolve("state.json"), "{}");
        catalog.setCommandLine(List.of(snapshot));
        assertEquals(List.of(snapshot), catalog.toOpen());
        assertEquals(List.of(), catalog.targets());
        assertFalse(catalog.scansMachine(), "a snapshot alone: nothing of this machine is scanned");
        catalog.setCommandLine(List.of());
        assertTrue(catalog.scansMachine(), "no paths: this machine's devices");
        catalog.setCommandLine(List.of(scratch));
        catalog.addImages(List.of(scratch, scratch.resolve("more.img")));
        assertEquals(List.of(scratch, scratch.resolve("more.img")), catalog.targets());
    }
}
