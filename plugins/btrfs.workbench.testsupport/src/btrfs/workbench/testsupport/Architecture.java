package btrfs.workbench.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layering rules: core bundles are plain Java usable headless (the CLI shares them), so
 * neither their manifest nor their sources may reach for SWT, JFace or the workbench — by import
 * or by a fully qualified name; and inside any bundle the packages depend on each other without
 * a cycle, so that each package can be read (and moved) on its own.
 */
public final class Architecture {

    private static final Pattern UI = Pattern.compile("\\borg\\.eclipse\\.(swt|jface|ui|e4\\.ui)\\b");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;");

    private Architecture() {
    }

    public static void assertHeadless(String bundle) {
        Path dir = bundleDir(bundle);
        assertHeadless(bundle, dir.resolve("META-INF/MANIFEST.MF"), dir.resolve("src"));
    }

    /** The same rule for a plain Maven module (e.g. {@code releng/coldcache}): its pom and its main sources. */
    public static void assertHeadlessModule(String module) {
        Path dir = TestArrays.repositoryRoot().resolve(module);
        assertHeadless(module, dir.resolve("pom.xml"), dir.resolve("src/main/java"));
    }

    /** @param dependencies the file that names what the code may use (a manifest, a pom) */
    private static void assertHeadless(String name, Path dependencies, Path sourceDir) {
        assertTrue(Files.isRegularFile(dependencies), "no " + dependencies);
        assertEquals(List.of(), uiMentions(List.of(dependencies)), name + ": " + dependencies.getFileName()
                + " requires UI bundles");
        List<Path> sources = javaSources(sourceDir);
        assertFalse(sources.isEmpty(), name + ": no sources found to check");
        assertEquals(List.of(), uiMentions(sources), name + ": sources use UI packages");
    }

    /** Fails with the cycle when a package of {@code bundle} depends on itself through others. */
    public static void assertNoPackageCycle(String bundle) {
        Map<String, Set<String>> uses = packageGraph(bundleDir(bundle).resolve("src"));
        assertFalse(uses.isEmpty(), bundle + ": no packages found to check");
        assertEquals(List.of(), cycle(uses), bundle + ": packages in a cycle");
    }

    private static Path bundleDir(String bundle) {
        return TestArrays.repositoryRoot().resolve("plugins").resolve(bundle);
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

    /** Every line naming a UI package: imports, fully qualified names in code, manifest headers. */
    private static Stream<String> uiLines(Path file) {
        return lines(file).stream().filter(line -> !line.startsWith("package "))
                .filter(line -> UI.matcher(line).find()).map(line -> file.getFileName() + ": " + line.trim());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per package of the sources, the other packages of the same sources it imports from. */
    static Map<String, Set<String>> packageGraph(Path src) {
        Map<String, Set<String>> uses = new TreeMap<>();
        List<Path> sources = javaSources(src);
        for (Path file : sources) {
            uses.computeIfAbsent(packageOf(src, file), k -> new TreeSet<>());
        }
        for (Path file : sources) {
            String from = packageOf(src, file);
            for (String line : lines(file)) {
                var m = IMPORT.matcher(line.trim());
                if (m.find()) {
                    String to = importedPackage(m.group(1));
                    if (!to.equals(from) && uses.containsKey(to)) {
                        uses.get(from).add(to);
                    }
                }
            }
        }
        return uses;
    }

    private static String packageOf(Path src, Path file) {
        return src.relativize(file.getParent()).toString().replace('/', '.');
    }

    /** {@code a.b.C}, {@code a.b.C.Inner}, {@code a.b.C.member} (static): {@code a.b}. */
    private static String importedPackage(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.")) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                break;
            }
            parts.add(part);
        }
        return String.join(".", parts);
    }

    /** A cycle of the graph as its packages in order (the first repeated at the end), or none. */
    static List<String> cycle(Map<String, Set<String>> uses) {
        Set<String> done = new TreeSet<>();
        for (String start : uses.keySet()) {
            List<String> found = cycleFrom(start, uses, new ArrayList<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> cycleFrom(String pkg, Map<String, Set<String>> uses, List<String> path,
            Set<String> done) {
        int seen = path.indexOf(pkg);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(pkg);
            return cycle;
        }
        if (done.contains(pkg)) {
            return List.of();
        }
        path.add(pkg);
        for (String next : uses.getOrDefault(pkg, Set.of())) {
            List<String> found = cycleFrom(next, uses, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        done.add(pkg);
        return List.of();
    }
}
