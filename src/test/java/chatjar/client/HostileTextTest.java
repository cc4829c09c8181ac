package chatjar.client;

import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: bytes a stranger sends reach our screen only as text. A raw peer sends escape sequences through a
 * real server over real sockets, in every place network text shows up; what the client renders (the JLine
 * screen's ANSI output and the plain form pipe mode prints) carries no control character of theirs.
 */
@Timeout(60)
class HostileTextTest {
    static final String HOSTILE = IrcTextTest.HOSTILE;
    static final String SHOWN = "A\u241b[2J\u241b]0;pwned\u2407B";

    TestServer server = new TestServer();
    RecordingOutput screen = new RecordingOutput();
    ChatClient client;
    InputCommands input;

    @AfterEach
    void stop() {
        if (client != null) client.quit("test over");
        server.close();
    }

    void start() throws Exception {
        ClientConfig config = ClientConfig.of("127.0.0.1", server.port, "ann", List.of("#lobby"))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
        client = new ChatClient(config, screen);
        client.connect();
        client.start();
        assertThat(client.awaitReady(15_000)).isTrue();
        input = new InputCommands(client);
    }

    /** What the terminal would receive for {@code line}, and its plain form, hold no control character but SGR styles. */
    static void assertInert(Line line) {
        for (String current : new String[]{null, "#lobby"}) {
            AttributedString shown = TerminalUi.render(line, current, Casemap.RFC1459, true);
            String ansi = shown.toAnsi();
            assertThat(ansi).doesNotContain("\u0007").doesNotContain("\u001b]").doesNotContain("\u001b[2J");
            String withoutStyles = ansi.replaceAll("\u001b\\[[0-9;]*m", "");
            assertThat(withoutStyles.chars().filter(c -> IrcText.isControl((char) c)))
                    .as("control characters printed for %s", line).isEmpty();
        }
        assertThat(line.plain().chars().filter(c -> IrcText.isControl((char) c))).isEmpty();
        assertThat(line.plain(false).chars().filter(c -> IrcText.isControl((char) c))).isEmpty();
    }

    @Test
    void theIssueLineIsShownWithPlaceholders() throws Exception {
        start();
        try (IrcTestClient bob = server.register("bob")) {
            bob.send("JOIN #lobby");
            bob.expect("366");
            bob.send("PRIVMSG #lobby :" + HOSTILE);
            Line line = screen.expect("#lobby <bob> A");
            assertThat(line.text()).as("the client received the raw bytes").isEqualTo(HOSTILE);
            assertThat(line.plain()).isEqualTo("#lobby <bob> " + SHOWN);
            assertThat(line.plain(false)).isEqualTo("#lobby <bob> A^[[2J^[]0;pwned^GB");
            assertThat(TerminalUi.render(line, "#lobby", Casemap.RFC1459, true).toString()).endsWith("<bob> " + SHOWN);
            assertInert(line);
        }
    }

    @Test
    void everyPlaceNetworkTextAppearsIsSanitised() throws Exception {
        start();
        try (IrcTestClient bob = new IrcTestClient(server.port)) {
            bob.send("NICK bob").send("USER bob 0 * :real" + HOSTILE);
            bob.expect("001");
            bob.send("JOIN #lobby");
            bob.expect("366");
            input.handle("/raw MODE #lobby +o bob"); // +t: only operators set the topic
            bob.expect("MODE", "#lobby", "+o");
            bob.send("TOPIC #lobby :topic" + HOSTILE);
            assertInert(screen.expect("changed the topic of #lobby"));
            bob.send("NOTICE #lobby :notice" + HOSTILE);
            assertInert(screen.expect("-bob- notice"));
            bob.send("PRIVMSG ann :\u0001ACTION acts" + HOSTILE + "\u0001");
            assertInert(screen.expect("* bob acts"));
            bob.send("PRIVMSG ann :\u0001" + HOSTILE + "\u0001");
            assertInert(screen.expect("sent a CTCP"));
            bob.send("AWAY :away" + HOSTILE);
            bob.expect("306");
            input.handle("/whois bob");
            assertInert(screen.expect("bob is ~bob@"));
            assertInert(screen.expect("bob is away: away"));
            input.handle("/topic");
            assertInert(screen.expect("Topic of #lobby: topic"));
            input.handle("/list");
            assertInert(screen.expect("#lobby (2 users): topic"));
            input.handle("/who #lobby");
            assertInert(screen.expect("#lobby  bob"));
            bob.send("PART #lobby :part" + HOSTILE);
            assertInert(screen.expect("bob left #lobby"));
            bob.send("JOIN #lobby");
            screen.expect("bob (~bob@127.0.0.1) joined #lobby");
            bob.send("QUIT :quit" + HOSTILE);
            assertInert(screen.expect("bob quit"));
        }
        assertThat(screen.lines).allSatisfy(HostileTextTest::assertInert);
        assertThat(screen.plain()).anyMatch(l -> l.contains("real" + SHOWN)).anyMatch(l -> l.contains("part" + SHOWN));
    }

    @Test
    void ircFormattingBecomesTheClientsOwnStyling() throws Exception {
        start();
        try (IrcTestClient bob = server.register("bob")) {
            bob.send("JOIN #lobby");
            bob.expect("366");
            bob.send("PRIVMSG #lobby :\u0002loud\u0002 \u000304,01red\u000f done");
            Line line = screen.expect("#lobby <bob> loud red done");
            AttributedString shown = TerminalUi.render(line, "#lobby", Casemap.RFC1459, true);
            String s = shown.toString();
            assertThat(s).endsWith("<bob> loud red done");
            assertThat(shown.styleAt(s.indexOf("loud"))).isEqualTo(AttributedStyle.DEFAULT.bold());
            assertThat(shown.styleAt(s.indexOf("red"))).isEqualTo(AttributedStyle.DEFAULT
                    .foreground(AttributedStyle.RED | AttributedStyle.BRIGHT).background(AttributedStyle.BLACK));
            assertThat(shown.styleAt(s.indexOf("done"))).isEqualTo(AttributedStyle.DEFAULT);
            assertInert(line);
        }
    }
}
