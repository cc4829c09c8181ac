package chatjar.client;

import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14's "done means", end to end: a server keeping its data in SQLite; a new user registers with
 * {@code /msg NickServ REGISTER} from a plain IRC client, chats; the server restarts on the same files; the
 * user comes back with {@code chat.jar client --account} (its own process, password from the environment)
 * and reads the scrollback.
 */
@Timeout(120)
class DoneMeansStoryTest {
    @TempDir
    Path dir;
    StoreServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void registerChatRestartAndReadTheScrollbackFromTheTerminalClient() throws Exception {
        server = new StoreServer(dir);
        try (IrcTestClient ann = server.registerAccount("ann", "horse-battery"); IrcTestClient bob = server.register("bob")) {
            ann.send("JOIN #lobby");
            ann.expect("366");
            bob.send("JOIN #lobby");
            bob.expect("366");
            ann.send("PRIVMSG #lobby :hello bob, I have an account now");
            bob.expect("PRIVMSG", "#lobby", "hello bob, I have an account now");
            bob.send("PRIVMSG #lobby :welcome ann");
            ann.expect("PRIVMSG", "#lobby", "welcome ann");
        }
        server = server.restart();

        try (IrcTestClient carol = server.register("carol");
             ClientProcess client = ClientProcess.start(Map.of("CHATJAR_PASSWORD", "horse-battery"),
                     "--port", String.valueOf(server.port), "--nick", "ann", "--account", "ann")) {
            carol.send("JOIN #lobby");
            carol.expect("366");
            ClientProcess.awaitStartup(carol, "JOIN", "#lobby");
            await().atMost(Duration.ofSeconds(30)).until(() -> client.out().contains("End of scrollback of #lobby"));
            client.endInput();
            assertThat(client.awaitExit()).as("exit code; stderr: %s", client.err()).isZero();
            List<String> out = client.out().lines().toList();
            String stamp = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d] ";
            assertThat(out).as("stdout").filteredOn(l -> l.matches(stamp + "#lobby <ann> hello bob, I have an account now"))
                    .hasSize(1);
            assertThat(out).filteredOn(l -> l.matches(stamp + "#lobby <bob> welcome ann")).hasSize(1);
            assertThat(out).contains("-!- Scrollback of #lobby:", "-!- End of scrollback of #lobby (2 lines)");
            assertThat(client.err()).contains("Logged in as ann (SCRAM-SHA-256)");
        }
    }

    @Test
    void aWrongPasswordIsOneLineAndExitCodeThree() throws Exception {
        server = new StoreServer(dir);
        server.registerAccount("ann", "horse-battery").close();
        try (ClientProcess client = ClientProcess.start(Map.of("CHATJAR_PASSWORD", "wrong-horse"),
                "--port", String.valueOf(server.port), "--account", "ann")) {
            client.endInput();
            assertThat(client.awaitExit()).isEqualTo(3);
            assertThat(client.err().strip()).isEqualTo("Login as ann failed: wrong account name or password");
        }
    }

    @Test
    void noPasswordAndNoTerminalIsAnOptionError() throws Exception {
        try (ClientProcess client = ClientProcess.start("--port", "1", "--account", "ann")) {
            client.endInput();
            assertThat(client.awaitExit()).isEqualTo(2);
            assertThat(client.err()).contains("--account ann needs a password: set CHATJAR_PASSWORD");
        }
    }
}
