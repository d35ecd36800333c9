package btrfs.workbench.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.testsupport.SystemCommands;

/**
 * The installation's {@code find-jdk.sh} tells a JDK's feature release from its {@code release}
 * file, without starting it (a JVM started only to ask cost every command some 0.3 s per JDK):
 * fake JDKs whose {@code java} leaves a mark when run show that it is not run where the file
 * says the version, and is asked where there is no such file.
 */
class FindJdkTest {

    private static final Path FIND_JDK = Path.of(System.getProperty("btrfs.workbench.installation"))
            .resolve("find-jdk.sh");

    @TempDir
    Path dir;

    @Test
    void theReleaseFileSaysTheVersionAndNoJvmStarts() throws IOException {
        assertEquals("25", feature(fakeJdk("jdk25", "JAVA_VERSION=\"25.0.3\"", 99)));
        assertEquals("21", feature(fakeJdk("jdk21", "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"21\"", 99)));
        assertEquals("8", feature(fakeJdk("jdk8", "JAVA_VERSION=\"1.8.0_402\"", 99)));
        assertFalse(Files.exists(dir.resolve("ran")), "a java binary was started");
    }

    @Test
    void withoutAReleaseFileTheJvmIsAsked() throws IOException {
        assertEquals("22", feature(fakeJdk("bare", null, 22)));
    }

    /** Only Javas too old: the message names what was found (a server admin's first question). */
    @Test
    void withoutASuitableJavaTheOnesFoundAreNamed() throws IOException {
        fakeJdk("old", "JAVA_VERSION=\"17.0.15\"", 99);
        SystemCommands.Result r = SystemCommands.run("bash", "-c", "unset JAVA_HOME; btrfs_wb_need=java btrfs_wb_jvms='"
                + dir + "' . '" + FIND_JDK + "'");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("needs Java 21 or newer, found: 17 at " + dir.resolve("old")), r.output());
    }

    /** A JDK directory with bin/java printing {@code specification} (and marking that it ran). */
    private Path fakeJdk(String name, String release, int specification) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
        if (release != null) {
            Files.writeString(home.resolve("release"), release + "\n");
        }
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\ntouch '" + dir.resolve("ran") + "'\necho '    java.specification.version = "
                + specification + "' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private static String feature(Path java) {
        SystemCommands.Result r = SystemCommands.run("bash", "-c",
                ". '" + FIND_JDK + "' && btrfs_wb_java_feature '" + java + "'");
        assertEquals(0, r.exit(), r.output());
        return r.output().strip();
    }
}
