package chatjar.client;

import chatjar.client.Line.Kind;
import chatjar.irc.Message;
import chatjar.server.ServerConfig;
import chatjar.server.auth.PasswordHash;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's session and commands against a real in-process server, with a raw IRC peer to talk to. */
@Timeout(60)
class ChatClientTest {
    TestServer server = new TestServer();
    RecordingOutput screen = new RecordingOutput();
    ChatClient client;
    InputCommands input;

    ChatClient start(String nick, String... channels) throws IOException, InterruptedException {
        ClientConfig config = ClientConfig.of("127.0.0.1", server.port, nick, List.of(channels))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
        client = new ChatClient(config, screen);
        client.connect();
        client.start();
        assertThat(client.awaitReady(15_000)).as("registered and joined").isTrue();
        input = new InputCommands(client);
        return client;
    }

    @AfterEach
    void stop() {
        if (client != null) client.quit("test over");
        server.close();
    }

    IrcTestClient peer(String nick, String channel) {
        IrcTestClient c = server.register(nick);
        if (channel != null) {
            c.send("JOIN " + channel);
            c.expect("366");
        }
        return c;
    }

    @Test
    void channelMessagesBothWays() throws Exception {
        start("ann", "#lobby");
        screen.expect("You joined #lobby");
        assertThat(client.current()).isEqualTo("#lobby");
        try (IrcTestClient bob = peer("bob", "#lobby")) {
            screen.expect("bob (~bob@127.0.0.1) joined #lobby");
            input.handle("hello bob");
            bob.expect("PRIVMSG", "#lobby", "hello bob");
            Line own = screen.expect("#lobby <ann> hello bob");
            assertThat(own.own()).isTrue();
            bob.send("PRIVMSG #lobby :hi ann");
            Line theirs = screen.expect("#lobby <bob> hi ann");
            assertThat(theirs.own()).isFalse();
            assertThat(client.membersOf("#lobby")).containsExactly("ann", "bob");
            input.handle("//etc is a path");
            bob.expect("PRIVMSG", "#lobby", "/etc is a path");
        }
    }

    @Test
    void queryMessagesOpenWindowsBothWays() throws Exception {
        start("ann", "#lobby");
        try (IrcTestClient bob = peer("bob", null)) {
            bob.send("PRIVMSG ann :psst");
            screen.expect("*bob* psst");
            assertThat(client.windows()).containsExactly("#lobby", "bob");
            assertThat(client.current()).as("an incoming query does not steal focus").isEqualTo("#lobby");
            input.handle("/query bob are you there?");
            bob.expect("PRIVMSG", "bob", "are you there?");
            assertThat(client.current()).isEqualTo("bob");
            input.handle("typed into the query");
            bob.expect("PRIVMSG", "bob", "typed into the query");
            screen.expect("-> *bob* typed into the query");
            input.handle("/msg bob direct");
            bob.expect("PRIVMSG", "bob", "direct");
            input.handle("/close");
            assertThat(client.windows()).containsExactly("#lobby");
            assertThat(client.current()).isEqualTo("#lobby");
        }
    }

    @Test
    void joinSwitchAndPartMoveBetweenWindows() throws Exception {
        start("ann", "#lobby");
        try (IrcTestClient bob = peer("bob", "#two")) {
            input.handle("/join two");
            screen.expect("You joined #two");
            bob.expect("JOIN", "#two");
            assertThat(client.windows()).containsExactly("#lobby", "#two");
            assertThat(client.current()).isEqualTo("#two");
            input.handle("/switch 1");
            assertThat(client.current()).isEqualTo("#lobby");
            input.handle("/window #two");
            assertThat(client.current()).isEqualTo("#two");
            input.handle("/switch #nowhere");
            screen.expect("No window #nowhere; open windows: 1:#lobby, 2:#two");
            input.handle("/part see you");
            bob.expect("PART", "#two", "see you");
            screen.expect("You left #two (see you)");
            assertThat(client.windows()).containsExactly("#lobby");
            assertThat(client.current()).isEqualTo("#lobby");
            assertThat(screen.windowChanges).isPositive();
        }
    }

    /** Issue 13: leaving a channel went to an open query, and the next line went to that person privately. */
    @Test
    void partGoesToAChannelOrTheStatusWindowNeverToAQuery() throws Exception {
        start("ann", "#lobby");
        try (IrcTestClient bob = peer("bob", null)) {
            bob.send("PRIVMSG ann :psst");
            screen.expect("*bob* psst");
            input.handle("/join #two");
            screen.expect("You joined #two");
            assertThat(client.windows()).containsExactly("#lobby", "bob", "#two");
            assertThat(client.current()).isEqualTo("#two");

            input.handle("/part");
            screen.expect("You left #two");
            screen.expect("Typed lines now go to #lobby");
            assertThat(client.current()).isEqualTo("#lobby");

            input.handle("/part #lobby");
            screen.expect("You left #lobby");
            screen.expect("No channel open: this is the status window");
            assertThat(client.windows()).containsExactly("bob");
            assertThat(client.current()).as("the query stays open but is not current").isNull();
            input.handle("meant for a channel");
            screen.expect("No window to send to");
            bob.send("PRIVMSG ann :still there?");
            screen.expect("*bob* still there?");
            assertThat(client.current()).as("an incoming message does not make the query current").isNull();

            input.handle("/switch bob");
            input.handle("now on purpose");
            bob.expect("PRIVMSG", "bob", "now on purpose");
            assertThat(bob.allLines()).noneMatch(l -> l.endsWith("PRIVMSG bob :meant for a channel"));
            input.handle("/close");
            screen.expect("No channel open: this is the status window");
            assertThat(client.windows()).isEmpty();
        }
    }

    @Test
    void kickFromTheCurrentChannelSaysWhereTypedLinesGo() throws Exception {
        start("ann", "#lobby");
        try (IrcTestClient bob = peer("bob", null)) {
            bob.send("JOIN #two");
            bob.expect("366");
            bob.send("PRIVMSG ann :psst");
            screen.expect("*bob* psst");
            input.handle("/join #two");
            screen.expect("You joined #two");
            bob.send("KICK #two ann :out");
            screen.expect("You were kicked from #two by bob (out)");
            screen.expect("Typed lines now go to #lobby");
            assertThat(client.current()).isEqualTo("#lobby");
        }
    }

    @Test
    void operSendsNameAndPasswordAndShowsTheAnswer() throws Exception {
        server.close();
        server = new TestServer(ServerConfig.defaults().withOperators(List.of(new ServerConfig.Operator("admin",
                PasswordHash.hash("open sesame".toCharArray(), PasswordHash.MIN_ITERATIONS)))));
        start("ann", "#lobby");
        input.handle("/oper admin");
        screen.expect("Usage: /oper name password");
        input.handle("/oper admin open sesame");
        screen.expect("You are now an IRC operator");
        screen.expect("Your user mode changed: +o");
        input.handle("/oper admin not it"); // after the success: a failure first would lock the name for seconds
        assertThat(screen.expect("Wrong password").kind()).isEqualTo(Kind.ERROR);
        assertThat(InputHistory.isSecret("/oper admin open sesame")).as("kept out of the history file").isTrue();
        input.handle("/help oper");
        screen.expect("/oper name password");
        assertThat(screen.plain()).noneMatch(l -> l.contains("Unknown command"));
    }

    @Test
    void meNoticeNickAndTopic() throws Exception {
        start("ann", "#lobby");
        try (IrcTestClient bob = peer("bob", "#lobby")) {
            input.handle("/me waves");
            bob.expect("PRIVMSG", "#lobby", "\u0001ACTION waves\u0001");
            bob.send("PRIVMSG #lobby :\u0001ACTION dances\u0001");
            screen.expect("#lobby * bob dances");
            input.handle("/notice bob quietly");
            bob.expect("NOTICE", "bob", "quietly");
            bob.send("NOTICE #lobby :heads up");
            screen.expect("#lobby -bob- heads up");
            input.handle("/topic Welcome all");
            bob.expect("TOPIC", "#lobby", "Welcome all");
            screen.expect("ann changed the topic of #lobby to: Welcome all");
            input.handle("/topic");
            screen.expect("Topic of #lobby: Welcome all");
            input.handle("/nick annie");
            bob.expect("NICK", "annie");
            screen.expect("You are now known as annie");
            assertThat(client.nick()).isEqualTo("annie");
            bob.send("NICK robert");
            screen.expect("bob is now known as robert");
            assertThat(client.membersOf("#lobby")).containsExactly("annie", "robert");
        }
    }

    @Test
    void queriesShowAsSentences() throws Exception {
        start("ann", "#lobby");
        try (IrcTestClient bob = peer("bob", "#lobby")) {
            bob.sync();
            input.handle("/names");
            screen.expect("Users on #lobby: @ann bob");
            input.handle("/list");
            screen.expect("#lobby (2 users)");
            input.handle("/who");
            screen.expect("#lobby  bob (~bob@127.0.0.1)");
            input.handle("/whois bob");
            screen.expect("bob is ~bob@127.0.0.1 (Test bob)");
            input.handle("/away lunch");
            screen.expect("You have been marked as being away");
            input.handle("/away");
            screen.expect("You are no longer marked as being away");
            input.handle("/msg nobody hi");
            Line err = screen.expect("No such nick: nobody");
            assertThat(err.kind()).isEqualTo(Kind.ERROR);
            input.handle("/raw PRIVMSG bob :raw hello");
            bob.expect("PRIVMSG", "bob", "raw hello");
        }
    }

    @Test
    void helpUsageAndUnknownCommands() throws Exception {
        start("ann", "#lobby");
        input.handle("/help");
        screen.expect("/join #channel [key]");
        screen.expect("/quit [reason]");
        input.handle("/help msg");
        screen.expect("/msg nick|#channel text  send a message");
        input.handle("/msg");
        screen.expect("Usage: /msg nick|#channel text");
        input.handle("/frobnicate");
        screen.expect("Unknown command /frobnicate; /help lists the commands");
    }

    @Test
    void quitSendsReasonAndStops() throws Exception {
        start("ann", "#lobby");
        try (IrcTestClient bob = peer("bob", "#lobby")) {
            assertThat(input.handle("/quit gone fishing")).isFalse();
            bob.expect("QUIT", "Quit: gone fishing");
            assertThat(client.isStopped()).isTrue();
            assertThat(screen.plain()).noneMatch(l -> l.contains("Reconnecting"));
        }
    }

    @Test
    void takenNickGetsASuffix() throws Exception {
        try (IrcTestClient other = peer("ann", null)) {
            start("ann", "#lobby");
            screen.expect("Nick ann is already in use");
            assertThat(client.nick()).isEqualTo("ann_");
            other.send("WHOIS ann_");
            other.expect("311", "ann", "ann_");
        }
    }

    @Test
    void reconnectsAfterServerRestartAndRejoins() throws Exception {
        start("ann", "#lobby", "#two");
        int port = server.port;
        server.close();
        screen.expect("Disconnected from 127.0.0.1:" + port);
        screen.expect("Reconnecting in");
        server = restartOn(port);
        screen.expect("Connected to 127.0.0.1:" + port);
        assertThat(client.awaitReady(15_000)).isTrue();
        try (IrcTestClient bob = peer("bob", null)) {
            bob.send("JOIN #two");
            Message names = bob.expect("353");
            assertThat(names.last()).contains("ann");
            input.handle("/switch #two");
            input.handle("back again");
            bob.expect("PRIVMSG", "#two", "back again");
        }
        assertThat(client.windows()).containsExactly("#lobby", "#two");
        assertThat(screen.plain()).as("the MOTD is shown once, not after every reconnect")
                .filteredOn(l -> l.contains("MOTD File is missing")).hasSize(1);
    }

    /** The old listener may take a moment to let go of the port. */
    private static TestServer restartOn(int port) {
        TestServer[] s = new TestServer[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> (s[0] = new TestServer(chatjar.server.ServerConfig.defaults(), port)) != null);
        return s[0];
    }

    @Test
    void silentServerIsPingedThenDroppedAndRetried() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout(15_000);
            ClientConfig config = ClientConfig.of("127.0.0.1", silent.getLocalPort(), "ann", List.of("#lobby"))
                    .withReconnect(Duration.ofMillis(50), Duration.ofMillis(100)).withIdleTimeout(Duration.ofMillis(300));
            client = new ChatClient(config, screen);
            client.connect();
            client.start();
            try (java.net.Socket first = silent.accept()) {
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        first.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("CAP LS 302");
                assertThat(in.readLine()).isEqualTo("NICK ann");
                assertThat(in.readLine()).startsWith("USER ann ");
                assertThat(in.readLine()).isEqualTo("PING chat.jar");
                screen.expect("Disconnected from 127.0.0.1:" + silent.getLocalPort() + " (no answer from the server");
                screen.expect("Reconnecting in");
                try (java.net.Socket second = silent.accept()) {
                    assertThat(second.isConnected()).isTrue();
                }
            }
        }
    }

    @Test
    void linesWhileDisconnectedAreRefusedVisibly() throws Exception {
        start("ann", "#lobby");
        int port = server.port;
        server.close();
        screen.expect("Disconnected");
        input.handle("anyone?");
        screen.expect("Not connected; waiting to reconnect");
        server = restartOn(port);
        assertThat(client.awaitReady(15_000)).isTrue();
    }
}
