package chatjar.server;

import chatjar.irc.Message;
import chatjar.state.Client;
import chatjar.testing.IrcTestClient;
import chatjar.testing.LogCapture;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Plain-text mode over real sockets: what a nc user may send and receive, and what the console shows of it. */
@Timeout(60)
class PlainTextTest {
    /** The line from the report: clears the screen and retitles the terminal if printed raw. */
    static final String ATTACK = "A\u001b[2J\u001b]0;pwned\u0007B";

    TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static void type(IrcTestClient nc, String line) {
        nc.sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A nc user who said a first line in #lobby; returns its guest nick as the IRC user saw it. */
    private static String joinAsPlain(IrcTestClient irc, IrcTestClient nc) {
        type(nc, "hello");
        Message said = irc.expectMatch(m -> m.command().equals("PRIVMSG") && "hello".equals(m.last()), "hello");
        return said.sourceNick();
    }

    private static ServerConfig loggingMessages() {
        ServerConfig d = ServerConfig.defaults();
        return new ServerConfig(d.name(), d.network(), d.password(), d.motd(), d.defaultChannel(), true,
                d.limits().withoutFloodControl(), d.operators(), d.tls());
    }

    @Test
    void escapeSequencesNeverReachAPlainTextTerminalAndTheLogShowsThemEscaped() {
        server.close();
        server = new TestServer(loggingMessages());
        try (LogCapture log = new LogCapture();
             IrcTestClient irc = server.register("ann"); IrcTestClient nc = server.connect()) {
            irc.send("JOIN #lobby");
            irc.expect("366");
            joinAsPlain(irc, nc);
            irc.send("PRIVMSG #lobby :" + ATTACK);
            irc.send("PRIVMSG #lobby :\u0002bold\u0002 \u000304,12red\u0003 \u001dit\u001d");
            assertThat(nc.expectText("<ann> A")).isEqualTo("<ann> A[2J]0;pwnedB");
            assertThat(nc.expectText("<ann> bold")).isEqualTo("<ann> bold red it");
            assertThat(nc.allLines()).noneMatch(l -> l.chars().anyMatch(ch -> ch < 0x20 || (ch >= 0x7f && ch <= 0x9f)));
            // --log-messages: the exact line, with its controls shown as \xNN rather than played on the console
            await().atMost(IrcTestClient.TIMEOUT).until(() -> log.text().contains("A\\x1b[2J\\x1b]0;pwned\\x07B"));
            assertThat(log.text()).doesNotContain("\u001b", "\u0007");
        }
    }

    @Test
    void plainTextInputLosesItsControlsBeforeAnyoneSeesOrLogsIt() {
        try (LogCapture log = new LogCapture();
             IrcTestClient irc = server.register("ann"); IrcTestClient nc = server.connect()) {
            irc.send("JOIN #lobby");
            irc.expect("366");
            String guest = joinAsPlain(irc, nc);
            type(nc, ATTACK);
            type(nc, "tab\there \u0003" + "04red\u000f");
            assertThat(irc.expect("PRIVMSG", "#lobby").last()).isEqualTo("A[2J]0;pwnedB");
            assertThat(irc.expect("PRIVMSG", "#lobby").last()).isEqualTo("tab here red");
            // Plain-text chat is logged by default; what reaches the log is the cleaned line.
            await().atMost(IrcTestClient.TIMEOUT).until(() -> log.text().contains(guest + " -> #lobby: A[2J]0;pwnedB"));
            assertThat(log.text()).doesNotContain("\u001b", "\u0007");
        }
    }

    @Test
    void quitReasonsAreEscapedInTheLog() {
        try (LogCapture log = new LogCapture(); IrcTestClient irc = server.register("ann")) {
            irc.send("QUIT :bye\u001b[2J");
            irc.expectClosed();
            await().atMost(IrcTestClient.TIMEOUT).until(() -> log.text().contains("Quit: bye\\x1b[2J"));
            assertThat(log.text()).doesNotContain("\u001b");
        }
    }

    @Test
    void operNamesAndKillReasonsAreEscapedInTheLog() {
        String hash = chatjar.server.auth.PasswordHash.hash("pw".toCharArray(), chatjar.server.auth.PasswordHash.MIN_ITERATIONS);
        server.close();
        server = new TestServer(ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl())
                .withOperators(List.of(new ServerConfig.Operator("admin", hash))));
        try (LogCapture log = new LogCapture();
             IrcTestClient op = server.register("op"); IrcTestClient victim = server.register("victim")) {
            victim.send("OPER \u001b]0;x\u0007 pw"); // a failure: retries from that connection wait a while
            victim.expect("464");
            await().atMost(IrcTestClient.TIMEOUT).until(() -> log.text().contains("failed OPER as '\\x1b]0;x\\x07'"));
            op.send("OPER admin pw");
            op.expect("381");
            op.send("KILL victim :go\u001b[2J away");
            victim.expectClosed();
            await().atMost(IrcTestClient.TIMEOUT).until(() -> log.text().contains("KILL victim@127.0.0.1 by op: go\\x1b[2J away"));
            assertThat(log.text()).doesNotContain("\u001b", "\u0007");
        }
    }

    /** Random bytes cut into lines, as the abuse probe sent them; fixed seed, so the same junk every run. */
    private static byte[] junk(int lines) {
        Random r = new Random(13);
        byte[] out = new byte[lines * 61];
        int i = 0;
        for (int l = 0; l < lines; l++) {
            for (int k = 0; k < 60; k++) {
                byte b;
                do b = (byte) r.nextInt(256); while (b == '\r' || b == '\n');
                out[i++] = b;
            }
            out[i++] = '\n';
        }
        return out;
    }

    @Test
    void aConnectionThatOnlySendsJunkSaysNothingAndIsClosed() {
        try (IrcTestClient irc = server.register("ann"); IrcTestClient junk = server.connect()) {
            irc.send("JOIN #lobby");
            irc.expect("366");
            junk.sendRaw(junk(6));
            junk.expectText("Line refused: it is not text");
            assertThat(junk.expectMatch(m -> m.command().equals("ERROR"), "ERROR").last()).contains("Binary data");
            junk.expectClosed();
            irc.sync();
            // Never a guest: no JOIN, no PRIVMSG, no QUIT seen in #lobby.
            assertThat(irc.allLines()).noneMatch(l -> l.contains("guest") || l.contains(" PRIVMSG "));
        }
    }

    @Test
    void aJunkLineFromAPlainUserIsRefusedAndTheNextTextGoesThrough() {
        try (IrcTestClient irc = server.register("ann"); IrcTestClient nc = server.connect()) {
            irc.send("JOIN #lobby");
            irc.expect("366");
            joinAsPlain(irc, nc);
            byte[] one = junk(1);
            nc.sendRaw(one);
            nc.expectText("Line refused: it is not text");
            type(nc, "still here");
            assertThat(irc.expect("PRIVMSG", "#lobby").last()).isEqualTo("still here");
            // Refusals in a row are counted, not refusals ever: text in between starts the count again.
            nc.sendRaw(junk(2));
            type(nc, "and again");
            assertThat(irc.expect("PRIVMSG", "#lobby").last()).isEqualTo("and again");
            assertThat(nc.isClosed()).isFalse();
        }
    }

    @Test
    void onlyPlainTextConnectionsGetThePlainTextHint() {
        try (IrcTestClient irc = server.register("ann"); IrcTestClient nc = server.connect()) {
            irc.send("JOIN #lobby");
            irc.expect("366");
            type(nc, "hi");
            assertThat(nc.expectText("Plain text: just type a line to chat in #lobby")).startsWith("-!- Hi guest");
            irc.expect("PRIVMSG", "#lobby", "hi");
            irc.sync();
            assertThat(irc.allLines()).noneMatch(l -> l.contains("Plain text") || l.contains("plain text"));
            assertThat(irc.allLines().get(0)).contains(" 001 ann ");
        }
    }

    @Test
    void theOneShotNcLineIsSaidAndLogged() {
        try (LogCapture log = new LogCapture(); IrcTestClient irc = server.register("ann")) {
            irc.send("JOIN #lobby");
            irc.expect("366");
            IrcTestClient raw = server.connect();
            raw.sendRaw("hello,tom".getBytes(StandardCharsets.UTF_8));
            raw.close();
            String guest = irc.expect("PRIVMSG", "#lobby", "hello,tom").sourceNick();
            await().atMost(IrcTestClient.TIMEOUT).until(() -> log.text().contains(guest + " -> #lobby: hello,tom"));
        }
    }

    private List<String> guests(TestServer s, int n, List<IrcTestClient> open) {
        List<String> nicks = new ArrayList<>();
        try (IrcTestClient irc = s.register("ann")) {
            irc.send("JOIN #lobby");
            irc.expect("366");
            for (int i = 0; i < n; i++) {
                IrcTestClient nc = s.connect();
                open.add(nc);
                nicks.add(joinAsPlain(irc, nc));
            }
        }
        return nicks;
    }

    @Test
    void guestNicksDifferFromOneFreshServerToTheNext() {
        List<IrcTestClient> open = new ArrayList<>();
        try (TestServer other = new TestServer()) {
            List<String> first = guests(server, 4, open);
            List<String> second = guests(other, 4, open);
            assertThat(first).allMatch(n -> n.matches("guest\\d{4}")).doesNotHaveDuplicates();
            // A sequence gave every fresh server guest8919, guest7838, ...: now two servers share no sequence.
            assertThat(first).isNotEqualTo(second);
            assertThat(first.get(0)).isNotEqualTo("guest8919");
        } finally {
            open.forEach(IrcTestClient::close);
        }
    }

    @Test
    void aGuestNickIsNeverOneInUseEvenWhenEveryFourDigitOneIs() {
        String nick = server.onLoop(s -> {
            for (int n = 1000; n <= 9999; n++) {
                Client c = new Client("10.0.0.1", 0);
                s.users().connected(c);
                s.users().rename(c, "guest" + n);
            }
            Client me = new Client("10.0.0.2", 0);
            s.users().connected(me);
            return s.plain().guestNick(me);
        });
        assertThat(nick).matches("guest\\d{5,}");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) seen.add(server.onLoop(s -> s.plain().guestNick(new Client("10.0.0.3", 0))));
        assertThat(seen).allMatch(n -> n.matches("guest\\d{5,}"));
    }

    @Test
    void partTopicWhoisAndHelpInPlainMode() {
        try (IrcTestClient irc = server.register("ann"); IrcTestClient nc = server.connect()) {
            irc.send("JOIN #lobby");
            irc.expect("366");
            String guest = joinAsPlain(irc, nc);
            type(nc, "/help");
            assertThat(nc.expectText("Commands: /nick NAME, /join #room, /part")).contains("/topic", "/whois");
            type(nc, "/topic");
            nc.expectText("No topic is set for #lobby");
            irc.send("TOPIC #lobby :welcome all");
            nc.expectText("* ann set the topic of #lobby to: welcome all");
            type(nc, "/topic");
            nc.expectText("Topic of #lobby: welcome all");
            type(nc, "/topic mine now"); // #lobby is +t and the guest is no operator: the IRC command's own check
            nc.expectText("You're not channel operator");
            irc.send("MODE #lobby -t");
            nc.expectText("sets mode #lobby -t");
            type(nc, "/topic mine now");
            irc.expectMatch(m -> m.command().equals("TOPIC") && "mine now".equals(m.last()), "TOPIC mine now");
            type(nc, "/whois ann");
            assertThat(nc.expectText("-!- ann is ")).isEqualTo("-!- ann is ~ann@127.0.0.1 (Test ann)");
            assertThat(nc.expectText("-!- ann is on ")).contains("#lobby");
            type(nc, "/whois nobody");
            nc.expectText("-!- nobody: No such nick");
            type(nc, "/part");
            irc.expect("PART", "#lobby");
            type(nc, "/join #lobby");
            irc.expect("JOIN", "#lobby");
            type(nc, "/part see you");
            irc.expect("PART", "#lobby", "see you");
            assertThat(nc.allLines()).noneMatch(l -> l.contains("()")).noneMatch(l -> l.contains("Unknown command"));
            assertThat(guest).startsWith("guest");
        }
    }
}
