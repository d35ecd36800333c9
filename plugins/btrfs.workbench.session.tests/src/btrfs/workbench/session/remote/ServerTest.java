package btrfs.workbench.session.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import btrfs.workbench.testsupport.SystemCommands;

/**
 * How a server is named ({@code ssh://}) and the ssh command line that reaches it: batch mode, the
 * options before the host, and every argument one word for the server's shell whatever it holds.
 */
class ServerTest {

    @Test
    void anSshUriNamesUserHostPortAndWhatToScan() {
        Server full = Server.parse("ssh://admin@nas.example:2222/srv/images");
        assertEquals("admin", full.user());
        assertEquals("nas.example", full.host());
        assertEquals(2222, full.port());
        assertEquals(List.of("/srv/images"), full.paths());
        assertEquals("admin@nas.example:2222", full.label());
        assertEquals("ssh://admin@nas.example:2222/srv/images", full.uri());
        Server bare = Server.parse("ssh://nas");
        assertEquals(null, bare.user());
        assertEquals(0, bare.port());
        assertEquals(List.of(), bare.paths());
        assertEquals(Server.DEFAULT_COMMAND, bare.command());
        for (String wrong : List.of("nas", "http://nas", "ssh://", "ssh://-oProxyCommand=x", "ssh://a b")) {
            assertThrows(IllegalArgumentException.class, () -> Server.parse(wrong), wrong);
        }
    }

    @Test
    void theCommandLineIsBatchModeWithOptionsBeforeTheHost() {
        Server server = Server.of("root", "nas", 2222).withIdentity(Path.of("/k/id")).withSshOptions(List.of("-F",
                "/dev/null"));
        List<String> line = server.sshCommand(List.of("scan", "--json"));
        assertEquals(List.of("ssh", "-T", "-o", "BatchMode=yes", "-p", "2222", "-i", "/k/id", "-F", "/dev/null",
                "root@nas", "--", "btrfs-workbench 'scan' '--json'"), line);
        assertEquals(List.of("ssh", "-F", "/x/config"), Server.sshProgram(" ssh  -F /x/config "));
        assertEquals(List.of("ssh"), Server.sshProgram(null));
    }

    /** What the server's shell makes of the quoted words: exactly the arguments, quotes and blanks in them too. */
    @Test
    void everyArgumentReachesTheServerAsOneWord() {
        List<String> args = List.of("a b", "it's", "$(touch /tmp/x)", "\"q\"", "*", "");
        StringBuilder line = new StringBuilder("printf '[%s]\\n'");
        args.forEach(a -> line.append(' ').append(Server.quoted(a)));
        SystemCommands.Result said = SystemCommands.run("sh", "-c", line.toString());
        assertTrue(said.ok(), said.output());
        assertEquals(String.join("\n", args.stream().map(a -> "[" + a + "]").toList()), said.output());
    }
}
