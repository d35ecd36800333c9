package btrfs.workbench.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layering rule: core bundles are plain Java usable headless (the CLI shares them), so
 * neither their manifest nor their sources may reach for SWT, JFace or the workbench.
 */
public final class Architecture {

    private static final Pattern UI = Pattern.compile("\\borg\\.eclipse\\.(swt|jface|ui|e4\\.ui)\\b");

    private Architecture() {
    }

    public static void assertHeadless(String bundle) {
        Path dir = TestArrays.repositoryRoot().resolve("plugins").resolve(bundle);
        assertHeadless(bundle, dir.resolve("META-INF/MANIFEST.MF"), dir.resolve("src"));
    }

    /** The same rule for a plain Maven module (e.g. {@code releng/coldcache}): its pom and its main sources. */
    public static void assertHeadlessModule(String module) {
        Path dir = TestArrays.repositoryRoot().resolve(module);
        assertHeadless(module, dir.resolve("pom.xml"), dir.resolve("src/main/java"));
    }

    /** @param dependencies the file that names what the code may use (a manifest, a pom) */
    private static void assertHeadless(String name, Path dependencies, Path sources) {
        assertTrue(Files.isRegularFile(dependencies), "no " + dependencies);
        assertEquals(List.of(), uiMentions(List.of(dependencies)), name + ": " + dependencies.getFileName()
                + " requires UI bundles");
        assertEquals(List.of(), uiMentions(javaSources(sources)), name + ": sources import UI packages");
    }

    private static List<Path> javaSources(Path src) {
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> uiMentions(List<Path> files) {
        return files.stream().flatMap(Architecture::uiLines).toList();
    }

    private static Stream<String> uiLines(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith("import ") || !file.toString().endsWith(".java"))
                    .filter(line -> UI.matcher(line).find())
                    .map(line -> file.getFileName() + ": " + line.trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
