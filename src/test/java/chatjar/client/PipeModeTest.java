package chatjar.client;

import chatjar.cli.ClientCommand;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import picocli.CommandLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Non-interactive mode end to end: the client as its own process, fed by a pipe. */
@Timeout(90)
class PipeModeTest {
    TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void echoedLineReachesTheLobbyAndTheClientExitsZero() throws Exception {
        try (IrcTestClient tom = server.register("tom"); ClientProcess client =
                ClientProcess.start("--port", String.valueOf(server.port), "--nick", "piper")) {
            tom.send("JOIN #lobby");
            tom.expect("366");
            client.type("hello,tom\n");
            client.endInput();
            ClientProcess.awaitStartup(tom, "JOIN", "#lobby");
            tom.expect("PRIVMSG", "#lobby", "hello,tom");
            tom.expect("QUIT");
            assertThat(client.awaitExit()).as("exit code; stderr: %s", client.err()).isZero();
        }
    }

    @Test
    void incomingChatIsPrintedAsPlainLines() throws Exception {
        try (IrcTestClient tom = server.register("tom"); ClientProcess client =
                ClientProcess.start("--port", String.valueOf(server.port), "--nick", "reader")) {
            tom.send("JOIN #lobby");
            tom.expect("JOIN", "#lobby");
            ClientProcess.awaitStartup(tom, "JOIN", "#lobby"); // the client's
            tom.send("PRIVMSG #lobby :hi reader");
            tom.send("PRIVMSG reader :just you");
            await().atMost(Duration.ofSeconds(20)).until(() -> client.out().contains("*tom* just you"));
            client.type("/msg tom thanks\n");
            tom.expect("PRIVMSG", "tom", "thanks");
            client.endInput();
            assertThat(client.awaitExit()).isZero();
            assertThat(client.out().lines()).contains("#lobby <tom> hi reader", "*tom* just you");
            assertThat(client.out()).doesNotContain("\u001b").doesNotContain("thanks");
        }
    }

    /** Issue 13: the escape line arrives from a real server and is printed as text, never as escapes. */
    @Test
    void controlCharactersArePrintedAsPlaceholders() throws Exception {
        try (IrcTestClient tom = server.register("tom"); ClientProcess client =
                ClientProcess.start("--port", String.valueOf(server.port), "--nick", "reader")) {
            tom.send("JOIN #lobby");
            tom.expect("JOIN", "#lobby");
            ClientProcess.awaitStartup(tom, "JOIN", "#lobby");
            tom.send("PRIVMSG #lobby :" + IrcTextTest.HOSTILE);
            tom.send("PRIVMSG #lobby :\u0002bold\u0002 and \u000304red");
            await().atMost(Duration.ofSeconds(20)).until(() -> client.out().contains("bold and red"));
            client.endInput();
            assertThat(client.awaitExit()).isZero();
            String out = client.out();
            assertThat(out).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u0002").doesNotContain("\u0003");
            assertThat(out.lines()).as("control pictures on a UTF-8 output, caret notation on an ASCII one")
                    .containsAnyOf("#lobby <tom> A\u241b[2J\u241b]0;pwned\u2407B", "#lobby <tom> A^[[2J^[]0;pwned^GB");
        }
    }

    @Test
    void unreachableServerIsOneLineAndExitCodeOne() throws Exception {
        int port = closedPort();
        try (ClientProcess client = ClientProcess.start("--port", String.valueOf(port))) {
            client.endInput();
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.err()).isEqualTo("cannot connect to 127.0.0.1:" + port + ": connection refused\n");
            assertThat(client.out()).isEmpty();
        }
    }

    @Test
    void unreachableServerInProcess() throws Exception {
        int port = closedPort();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new ClientCommand());
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute("--port", String.valueOf(port), "--pipe")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("cannot connect to 127.0.0.1:" + port + ": connection refused");
        assertThat(cmd.execute("--port", "70000")).isEqualTo(2);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
