package chatjar.client;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Logging in, registering and scrollback against a real server whose accounts and history are in SQLite in a
 * temp directory, restarted on the same files where the story needs it.
 */
@Timeout(120)
class AccountsAndScrollbackTest {
    static final String PASSWORD = "horse-battery";

    @TempDir
    Path dir;
    StoreServer server;
    RecordingOutput screen = new RecordingOutput();
    ChatClient client;

    @AfterEach
    void stop() {
        if (client != null) client.quit("test over");
        if (server != null) server.close();
    }

    ClientConfig config(String nick, String... channels) {
        return ClientConfig.of("127.0.0.1", server.port, nick, List.of(channels))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
    }

    ChatClient start(ClientConfig config) throws IOException, InterruptedException {
        client = new ChatClient(config, screen);
        client.connect();
        client.start();
        assertThat(client.awaitReady(20_000)).as("registered and joined").isTrue();
        return client;
    }

    @Test
    void scramLoginLogsInAndTheServerKnowsTheAccount() throws Exception {
        server = new StoreServer(dir);
        server.registerAccount("ann", PASSWORD).close();
        start(config("ann", "#lobby").withAccount("ann", PASSWORD.toCharArray()));
        screen.expect("Logged in as ann (SCRAM-SHA-256)");
        try (IrcTestClient bob = server.register("bob")) {
            bob.send("WHOIS ann");
            Message loggedIn = bob.expect("330");
            assertThat(loggedIn.param(2)).isEqualTo("ann");
        }
        assertThat(screen.plain()).noneMatch(l -> l.contains("PLAIN"));
    }

    @Test
    void aWrongPasswordOrUnknownAccountIsOneLineAndNoSession() throws Exception {
        server = new StoreServer(dir);
        server.registerAccount("ann", PASSWORD).close();
        ClientConfig wrongConfig = config("ann", "#lobby").withAccount("ann", "not it".toCharArray());
        ChatClient wrong = new ChatClient(wrongConfig, screen);
        assertThatThrownBy(wrong::connect).isInstanceOf(ChatClient.LoginFailed.class)
                .hasMessage("Login as ann failed: wrong account name or password");
        ChatClient nobody = new ChatClient(config("zed", "#lobby").withAccount("zed", PASSWORD.toCharArray()), screen);
        assertThatThrownBy(nobody::connect).isInstanceOf(ChatClient.LoginFailed.class)
                .hasMessage("Login as zed failed: wrong account name or password");
        assertThat(ChatClient.describe(wrongConfig, new ChatClient.LoginFailed("Login as ann failed: x")))
                .as("the launcher prints the line as it is").isEqualTo("Login as ann failed: x");
        try (IrcTestClient bob = server.register("bob")) {
            bob.send("WHOIS ann");
            bob.expect("401"); // the refused client never registered a session
        }
    }

    @Test
    void registerMakesAnAccountThatLogsInNextTime() throws Exception {
        server = new StoreServer(dir);
        start(config("ann", "#lobby"));
        InputCommands input = new InputCommands(client);
        input.handle("/register " + PASSWORD);
        screen.expect("Registering the account ann");
        screen.expect("Registered the account ann and logged in to it");
        screen.expect("Next time, log in with: chat.jar client --account ann");
        input.handle("/register " + PASSWORD);
        screen.expect("Registration failed: You are already logged in as ann");
        client.quit("bye");
        client = null;

        RecordingOutput second = new RecordingOutput();
        ChatClient again = new ChatClient(config("ann2", "#lobby").withAccount("ann", PASSWORD.toCharArray()), second);
        client = again;
        again.connect();
        again.start();
        second.expect("Logged in as ann (SCRAM-SHA-256)");
        assertThat(InputHistory.isSecret("/register " + PASSWORD)).as("never written to the history file").isTrue();
    }

    @Test
    void joiningShowsTheLatestLinesAsScrollbackOnce() throws Exception {
        server = new StoreServer(dir);
        try (IrcTestClient bob = server.register("bob")) {
            bob.send("JOIN #lobby");
            bob.expect("366");
            for (int i = 1; i <= 3; i++) bob.send("PRIVMSG #lobby :earlier " + i);
            bob.sync();
            start(config("ann", "#lobby"));
            screen.expect("Scrollback of #lobby:");
            Line first = screen.expect("#lobby <bob> earlier 1");
            assertThat(first.replayed()).isTrue();
            assertThat(first.plain()).matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d] #lobby <bob> earlier 1");
            screen.expect("#lobby <bob> earlier 3");
            screen.expect("End of scrollback of #lobby (3 lines)");
            bob.send("PRIVMSG #lobby :now");
            Line now = screen.expect("#lobby <bob> now");
            assertThat(now.replayed()).isFalse();
            new InputCommands(client).handle("mine");
            bob.expect("PRIVMSG", "#lobby", "mine");
            Line own = screen.expect("#lobby <ann> mine");
            assertThat(own.own()).as("echo-message: our own line, shown when the server has it").isTrue();
        }
        assertThat(screen.plain()).filteredOn(l -> l.contains("earlier 2")).hasSize(1);
        assertThat(screen.plain()).filteredOn(l -> l.endsWith("<ann> mine")).hasSize(1);
    }

    /**
     * The story of issue 14: ann is in #lobby with an account; the server restarts on the same SQLite files;
     * while ann is still away bob says things, more than one CHATHISTORY page of them. When ann is back she sees
     * every missed line once, in order, and nothing she had already seen (hers included) a second time.
     */
    @Test
    void aReconnectAfterARestartShowsExactlyWhatWasMissed() throws Exception {
        server = new StoreServer(dir);
        server.registerAccount("ann", PASSWORD).close();
        // ann's reconnection waits for a permit, so the test decides when she is back.
        Semaphore door = new Semaphore(1);
        start(config("ann", "#lobby").withAccount("ann", PASSWORD.toCharArray()).withConnector(gated(door)));
        IrcTestClient bob = server.register("bob");
        bob.send("JOIN #lobby");
        bob.expect("366");
        bob.send("PRIVMSG #lobby :before the restart");
        screen.expect("#lobby <bob> before the restart");
        new InputCommands(client).handle("my last word");
        bob.expect("PRIVMSG", "#lobby", "my last word");
        screen.expect("<ann> my last word");
        bob.close();

        server = server.restart();
        screen.expect("Disconnected from");
        int missed = 130; // more than the server's 100 per request: the client pages
        try (IrcTestClient bob2 = server.register("bob")) {
            bob2.send("JOIN #lobby");
            bob2.expect("366");
            for (int i = 1; i <= missed; i++) bob2.send("PRIVMSG #lobby :missed " + i);
            bob2.sync();
            door.release();
            screen.expect("Connected to");
            screen.expect("Logged in as ann");
            screen.expect("Missed in #lobby while you were away:");
            for (int i = 1; i <= missed; i++) assertThat(screen.expect("#lobby <bob> missed " + i + "").replayed()).isTrue();
            screen.expect("End of scrollback of #lobby (" + missed + " lines)");
            bob2.send("PRIVMSG #lobby :live again");
            screen.expect("#lobby <bob> live again");
        }
        List<String> seen = screen.plain();
        assertThat(seen).filteredOn(l -> l.endsWith("<bob> before the restart")).hasSize(1);
        assertThat(seen).filteredOn(l -> l.endsWith("<ann> my last word")).hasSize(1);
        for (int i = 1; i <= missed; i++) {
            String line = "#lobby <bob> missed " + i;
            assertThat(seen).as("line %d exactly once", i).filteredOn(l -> l.endsWith(line)).hasSize(1);
        }
    }

    /** A reconnect that missed nothing says so, and fetches nothing twice. */
    @Test
    void aReconnectThatMissedNothingSaysSo() throws Exception {
        server = new StoreServer(dir);
        server.registerAccount("ann", PASSWORD).close();
        try (IrcTestClient bob = server.register("bob")) {
            bob.send("JOIN #lobby");
            bob.expect("366");
            bob.send("PRIVMSG #lobby :old news");
            bob.sync();
        }
        start(config("ann", "#lobby").withAccount("ann", PASSWORD.toCharArray()));
        screen.expect("#lobby <bob> old news");
        server = server.restart();
        screen.expect("Connected to");
        screen.expect("Nothing missed in #lobby");
        assertThat(screen.plain()).filteredOn(l -> l.endsWith("<bob> old news")).hasSize(1);
    }

    /**
     * A conversation catches up too: bob writes to ann's other device (same account) while her terminal is away;
     * when it is back, the open window with bob shows that line, and only that.
     */
    @Test
    void anOpenConversationCatchesUpAfterAReconnect() throws Exception {
        server = new StoreServer(dir);
        server.registerAccount("ann", PASSWORD).close();
        IrcTestClient bob = server.registerAccount("bob", PASSWORD);
        Semaphore door = new Semaphore(1);
        start(config("ann", "#lobby").withAccount("ann", PASSWORD.toCharArray()).withConnector(gated(door)));
        bob.send("PRIVMSG ann :psst");
        screen.expect("*bob* psst");
        assertThat(client.windows()).contains("bob");
        bob.close();

        server = server.restart();
        screen.expect("Disconnected from");
        try (IrcTestClient phone = server.register("annphone"); IrcTestClient bob2 = server.register("bob")) {
            phone.send("PRIVMSG NickServ :IDENTIFY ann " + PASSWORD);
            phone.expect("900");
            bob2.send("PRIVMSG NickServ :IDENTIFY bob " + PASSWORD);
            bob2.expect("900");
            bob2.send("PRIVMSG annphone :while your terminal was away");
            phone.expect("PRIVMSG", "annphone", "while your terminal was away");
            door.release();
            screen.expect("Logged in as ann");
            screen.expect("Missed in bob while you were away:");
            Line missed = screen.expect("*bob* while your terminal was away");
            assertThat(missed.replayed()).isTrue();
            assertThat(missed.window()).isEqualTo("bob");
            screen.expect("End of scrollback of bob (1 line)");
        }
        assertThat(screen.plain()).filteredOn(l -> l.endsWith("*bob* psst")).hasSize(1);
    }

    /** Opens connections only while the test hands out permits: it decides when a reconnection happens. */
    static Connector gated(Semaphore door) {
        Connector plain = Connector.plain();
        return (host, port, timeout) -> {
            try {
                if (!door.tryAcquire(30, TimeUnit.SECONDS)) throw new IOException("test gate closed");
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return plain.open(host, port, timeout);
        };
    }
}
