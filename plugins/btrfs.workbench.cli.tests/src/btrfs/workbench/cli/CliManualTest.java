package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.testsupport.TestArrays;

/**
 * The manual page and the completion script the product carries are generated from the CLI's
 * definition ({@link ManPage}): the committed copies in the feature's rootfiles are current (when a
 * command changes, run the tests with {@code -Dbtrfs.workbench.docs.update=true} and review the
 * diff); the page's section of each command is what {@code btrfs-workbench help COMMAND} prints;
 * groff formats it without a warning; bash accepts the script and completes the commands.
 */
class CliManualTest {

    private static final Path ROOTFILES = TestArrays.repositoryRoot()
            .resolve("features/btrfs.workbench.feature/rootfiles");
    static final Path PAGE = ROOTFILES.resolve("btrfs-workbench.1");
    static final Path COMPLETION = ROOTFILES.resolve("btrfs-workbench.bash-completion");

    @Test
    void theCommittedPageIsGeneratedFromTheCli() throws IOException {
        assertCurrent(PAGE, ManPage.render());
    }

    @Test
    void theCommittedCompletionIsGeneratedFromTheCli() throws IOException {
        assertCurrent(COMPLETION, ManPage.completion());
    }

    private static void assertCurrent(Path file, String generated) throws IOException {
        String committed = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        if (!generated.equals(committed) && Boolean.getBoolean("btrfs.workbench.docs.update")) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(generated, committed, file + " is not what the CLI generates: run the tests with "
                + "-Dbtrfs.workbench.docs.update=true and review the diff");
    }

    @TestFactory
    Stream<DynamicTest> helpPrintsTheSynopsisOfThePage() {
        return Stream.of("scan", "super", "chunks", "tree-blocks", "readahead", "snapshot")
                .map(command -> DynamicTest.dynamicTest(command, () -> {
                    Run help = Run.of("help", command);
                    assertEquals(0, help.exit(), help.err());
                    assertEquals(help.out().stripTrailing(), section(ManPage.render(), command));
                }));
    }

    /** The text of a command's section of the page, roff escapes undone. */
    private static String section(String page, String command) {
        String head = ".SS btrfs-workbench " + command + "\n.nf\n";
        int start = page.indexOf(head);
        assertTrue(start >= 0, "no section " + command);
        int end = page.indexOf("\n.fi\n", start);
        return page.substring(start + head.length(), end).lines()
                .map(line -> line.startsWith("\\&") ? line.substring(2) : line).map(line -> line.replace("\\e", "\\"))
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    @Test
    void groffFormatsThePageWithoutWarnings() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "groff is not installed");
        Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", PAGE.toString()).start();
        assertTrue(groff.waitFor(30, TimeUnit.SECONDS));
        String warnings = new String(groff.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("", warnings);
        assertEquals(0, groff.exitValue());
    }

    @Test
    void bashCompletesTheCommands() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
        String script = "source '" + COMPLETION + "'; COMP_WORDS=(btrfs-workbench rea); COMP_CWORD=1; "
                + "COMP_LINE='btrfs-workbench rea'; COMP_POINT=${#COMP_LINE}; "
                + "_complete_btrfs-workbench; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(List.of("readahead"), out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList(), out);
    }
}
