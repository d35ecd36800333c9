package btrfs.workbench.ui.l10n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import btrfs.workbench.testsupport.TestArrays;

/**
 * The UI's texts are in its properties files, and in step with their users: {@link Messages}'
 * fields and {@code messages.properties}' keys are the same, each with a text; every
 * {@code %key} of plugin.xml is in plugin.properties and the other way round; and no source of
 * the UI outside {@code l10n/} hands a literal text to the user ({@link UserTextLiterals} says
 * exactly which literals count).
 */
class MessagesTest {

    private static final Pattern ARGUMENT = Pattern.compile("\\{\\d+\\}");
    private static final Pattern PLUGIN_XML_KEY = Pattern.compile("\"%([^\"\\s]+)\"");

    @Test
    void everyFieldHasATextAndEveryTextAField() {
        Properties texts = load(Messages.class.getResource("messages.properties"));
        Set<String> fields = fieldNames();
        assertFalse(fields.isEmpty(), "no public static String fields in Messages");
        assertEquals(Set.of(), minus(fields, texts.stringPropertyNames()), "fields without a key in messages.properties");
        assertEquals(Set.of(), minus(texts.stringPropertyNames(), fields), "keys of messages.properties without a field");
        assertEquals(List.of(), fields.stream().filter(f -> texts.getProperty(f).isBlank()).toList(), "empty texts");
        assertEquals(List.of(), fields.stream().filter(f -> !texts.getProperty(f).equals(value(f))).toList(),
                "fields NLS did not fill from messages.properties");
    }

    /**
     * NLS.bind reads apostrophes as MessageFormat does: in a text with arguments one is written
     * {@code ''} (a lone one is swallowed); a text without arguments is shown as written.
     */
    @Test
    void apostrophesAreWrittenForHowTheTextIsShown() {
        Properties texts = load(Messages.class.getResource("messages.properties"));
        List<String> wrong = new ArrayList<>();
        for (String key : new TreeSet<>(texts.stringPropertyNames())) {
            String text = texts.getProperty(key);
            boolean bound = ARGUMENT.matcher(text).find();
            if (bound ? text.replace("''", "").contains("'") : text.contains("''")) {
                wrong.add(key + "=" + text);
            }
        }
        assertEquals(List.of(), wrong, "apostrophes: '' in a text with {0}..., ' in one without");
    }

    @Test
    void everyKeyOfPluginXmlHasATextAndEveryTextAKey() {
        Bundle ui = FrameworkUtil.getBundle(Messages.class);
        String pluginXml = read(ui.getEntry("plugin.xml"));
        Set<String> texts = load(ui.getEntry("plugin.properties")).stringPropertyNames();
        Set<String> used = new TreeSet<>();
        Matcher m = PLUGIN_XML_KEY.matcher(pluginXml);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertFalse(used.isEmpty(), "no %keys in plugin.xml");
        assertEquals(Set.of(), minus(used, texts), "%keys of plugin.xml without a text in plugin.properties");
        assertEquals(Set.of(), minus(texts, used), "texts of plugin.properties plugin.xml does not use");
    }

    @Test
    void noSourceOutsideL10nHandsALiteralTextToTheUser() {
        Path src = TestArrays.repositoryRoot().resolve("plugins/btrfs.workbench.ui/src");
        Path l10n = src.resolve("btrfs/workbench/ui/l10n");
        List<Path> sources = javaSources(src).stream().filter(p -> !p.startsWith(l10n)).toList();
        assertFalse(sources.isEmpty(), "no sources found under " + src);
        List<String> found = sources.stream()
                .flatMap(p -> UserTextLiterals.find(p.getFileName().toString(), read(p)).stream()).toList();
        assertEquals(List.of(), found, "user texts in code: put them into messages.properties (Messages)");
    }

    /** The rule of {@link UserTextLiterals} on the shapes the UI's code has, and on what it must let pass. */
    @Test
    void theRuleFindsTextsGivenToTheUserAndNothingElse() {
        assertEquals(List.of("T:2 setText(\"Go\")"), UserTextLiterals.find("T", "\n button.setText(\"Go\");"));
        assertFound("setText", "l.setText(run == null ? \"Play\" : Messages.X);");
        assertFound("drawText", "gc.drawText(\"devid \" + id, 10, 10, true);");
        assertFound("setText", "p.setText(String.format(\"%.2f s\", t));");
        assertFound("setFilterNames", "d.setFilterNames(new String[] { Messages.A, \"All files\" });");
        assertFound("openError", "MessageDialog.openError(shell, \"Cannot save\", e.getMessage());");
        assertFound("super", "Scan() { super(\"Scanning\"); }");
        assertFound("label", "label(form, \"Array:\");");
        assertFound("IllegalArgumentException", "throw new IllegalArgumentException(\"No folder \" + dir);");
        assertFound("setText", "b.addListener(SWT.Selection, e -> { b.setText(\"Go\"); });");
        assertFound("setText", "b.setText(\"\\u00c9t\\u00e9\");");
        assertNone("start.setText(stored(\"start\", \"\"));");
        assertNone("speed.setText(n + \"\\u00d7\");");
        assertNone("gc.drawText(NLS.bind(Messages.S, String.format(\"%.1f\", t)), 0, 0, true);");
        assertNone("Problems.log(\"scanning failed\", e);");
        assertNone("// setText(\"Go\")\n/* setText(\"Go\") */ setText(Messages.GO);");
        assertNone("if (\"live\".equals(p)) { setText(Messages.GO); }");
        assertNone("setText(c == '\"' ? Messages.A : Messages.B); log(\"x\");");
    }

    private static void assertFound(String call, String source) {
        List<String> found = UserTextLiterals.find("T", source);
        assertEquals(1, found.size(), source + ": " + found);
        assertEquals(call, found.get(0).split(" ", 2)[1].split("\\(", 2)[0], source);
    }

    private static void assertNone(String source) {
        assertEquals(List.of(), UserTextLiterals.find("T", source), source);
    }

    private static Set<String> fieldNames() {
        Set<String> names = new TreeSet<>();
        for (Field f : Messages.class.getDeclaredFields()) {
            int mods = f.getModifiers();
            if (Modifier.isPublic(mods) && Modifier.isStatic(mods) && f.getType() == String.class) {
                names.add(f.getName());
            }
        }
        return names;
    }

    private static String value(String field) {
        try {
            return (String) Messages.class.getField(field).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(field, e);
        }
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** A properties file as NLS and the bundle localization read it (ISO-8859-1). */
    private static Properties load(URL url) {
        assertNotNull(url, "properties file not in the bundle");
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String read(URL url) {
        assertNotNull(url, "file not in the bundle");
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaSources(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
