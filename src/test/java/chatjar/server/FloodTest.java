package chatjar.server;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Fakelag: a flooder is slowed down and finally dropped, while everybody else's lines go straight through. */
@Timeout(60)
class FloodTest {
    TestServer server;

    private void start(UnaryOperator<ServerConfig.Limits.Builder> tune) {
        server = new TestServer(ServerConfig.defaults().withLimits(tune.apply(ServerConfig.Limits.defaults().toBuilder()).build()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] lines(String prefix, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) sb.append(prefix).append(i).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean said(Message m, String text) {
        return m.command().equals("PRIVMSG") && text.equals(m.last());
    }

    /** Three clients in #room; returns them as flooder, ann, bob. */
    private List<IrcTestClient> room() {
        List<IrcTestClient> cs = List.of(server.register("flooder"), server.register("ann"), server.register("bob"));
        for (IrcTestClient c : cs) {
            c.send("JOIN #room");
            c.expect("366");
        }
        return cs;
    }

    @Test
    void flooderIsMeteredWhileTwoTalkersGetThrough() {
        // One line per 100 s after the burst: longer than this test may run (@Timeout), so no line of the backlog
        // can leave while we look, however slow the machine. The check below needs no timing to hold.
        start(b -> b.floodBurst(6).floodPerSecond(0.01).floodMaxBacklog(32)); // the JOIN takes one of the six
        List<IrcTestClient> cs = room();
        IrcTestClient flooder = cs.get(0), ann = cs.get(1), bob = cs.get(2);
        try {
            flooder.sendRaw(lines("PRIVMSG #room :flood ", 1, 20));
            bob.expectMatch(m -> said(m, "flood 5"), "the end of the burst");
            ann.send("PRIVMSG #room :ann here");
            bob.send("PRIVMSG #room :bob here");
            bob.expectMatch(m -> said(m, "ann here"), "ann's line");
            ann.expectMatch(m -> said(m, "bob here"), "bob's line");
            // Everything relayed to them before their own PONG has arrived: the burst, and not one line more.
            for (IrcTestClient c : List.of(ann, bob)) {
                c.sync();
                assertThat(c.allLines().stream().filter(l -> l.contains(":flood ")).toList()).as(c.nick)
                        .hasSize(5).last().asString().endsWith(":flood 5");
            }
            assertThat(flooder.isClosed()).isFalse(); // metered, not dropped: 15 waiting is within the backlog of 32
        } finally {
            cs.forEach(IrcTestClient::close);
        }
    }

    @Test
    void theBacklogIsDeliveredCompleteAndInOrderWithoutDroppingTheFlooder() {
        start(b -> b.floodBurst(5).floodPerSecond(50).floodMaxBacklog(32));
        List<IrcTestClient> cs = room();
        IrcTestClient flooder = cs.get(0), bob = cs.get(2);
        try {
            flooder.sendRaw(lines("PRIVMSG #room :flood ", 1, 20));
            bob.expectMatch(m -> said(m, "flood 20"), "the last flood line");
            List<String> flood = bob.allLines().stream().filter(l -> l.contains(":flood ")).toList();
            assertThat(flood).hasSize(20);
            for (int i = 0; i < 20; i++) assertThat(flood.get(i)).endsWith(":flood " + (i + 1));
            flooder.sync();
            assertThat(flooder.isClosed()).isFalse();
        } finally {
            cs.forEach(IrcTestClient::close);
        }
    }

    @Test
    void floodingPastTheBacklogIsExcessFlood() {
        start(b -> b.floodBurst(5).floodPerSecond(1).floodMaxBacklog(10));
        try (IrcTestClient flooder = server.register("flooder"); IrcTestClient peer = server.register("peer")) {
            flooder.send("JOIN #room");
            flooder.expect("366");
            peer.send("JOIN #room");
            peer.expect("366");
            flooder.sendRaw(lines("PRIVMSG #room :x", 1, 30));
            assertThat(flooder.expect("ERROR").last()).contains("Excess Flood");
            flooder.expectClosed();
            assertThat(peer.expect("QUIT").last()).isEqualTo("Excess Flood");
            peer.send("PRIVMSG #room :still here");
            peer.sync();
        }
    }

    @Test
    void registrationIsNotMeteredAndABackloggedClientDoesNotPingOut() {
        start(b -> b.floodBurst(1).floodPerSecond(1).floodMaxBacklog(10)
                .pingIntervalSeconds(1).pingTimeoutSeconds(1));
        try (IrcTestClient c = server.connect()) {
            // Eight registration lines in one write: with a burst of 1 at 1/s metering them would take 8 s.
            c.sendRaw(("CAP LS 302\r\nCAP REQ :nothing\r\nPASS x\r\nNICK slowpoke\r\nUSER s 0 * :S\r\n"
                    + "NICK slowpoke\r\nMODE slowpoke\r\nCAP END\r\n").getBytes(StandardCharsets.UTF_8));
            c.expect("001", "slowpoke");
            c.expectAny("376", "422");
            // A backlog of about five seconds. The server pings meanwhile; like any client we answer every PING
            // at once, but our PONGs wait behind the backlog. Liveness counts on receipt, so no Ping timeout.
            c.sendRaw(lines("AWAY :", 1, 6));
            c.expect("PING");
            c.send("PONG :chat.local");
            c.send("PING :done");
            while (true) {
                Message m = c.expectMatch(x -> x.command().equals("PING") || x.command().equals("ERROR")
                        || (x.command().equals("PONG") && "done".equals(x.last())), "PING, or PONG done");
                if (!m.command().equals("PING")) break;
                c.send("PONG :" + m.last());
            }
            assertThat(c.allLines()).noneMatch(l -> l.startsWith("ERROR"));
        }
    }
}
