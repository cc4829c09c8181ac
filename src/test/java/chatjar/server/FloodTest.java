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

    @Test
    void flooderIsMeteredWhileTwoTalkersGetThrough() {
        start(b -> b.floodBurst(5).floodPerSecond(4).floodMaxBacklog(32));
        try (IrcTestClient flooder = server.register("flooder");
             IrcTestClient ann = server.register("ann");
             IrcTestClient bob = server.register("bob")) {
            for (IrcTestClient c : List.of(flooder, ann, bob)) {
                c.send("JOIN #room");
                c.expect("366");
            }
            // 20 lines at once: 5 pass as the burst, 15 wait and leave at 4 per second (about 4 seconds).
            flooder.sendRaw(lines("PRIVMSG #room :flood ", 1, 20));
            bob.expectMatch(m -> said(m, "flood 5"), "the end of the burst");
            ann.send("PRIVMSG #room :ann here");
            bob.send("PRIVMSG #room :bob here");
            bob.expectMatch(m -> said(m, "ann here"), "ann's line");
            ann.expectMatch(m -> said(m, "bob here"), "bob's line");
            // Both talkers were heard while the flooder's backlog was still waiting its turn.
            assertThat(bob.allLines()).noneMatch(l -> l.endsWith(":flood 20"));
            assertThat(ann.allLines()).noneMatch(l -> l.endsWith(":flood 20"));
            // ...and the backlog is delivered, complete and in order, without dropping the flooder.
            bob.expectMatch(m -> said(m, "flood 20"), "the last flood line");
            List<String> flood = bob.allLines().stream().filter(l -> l.contains(":flood ")).toList();
            assertThat(flood).hasSize(20);
            for (int i = 0; i < 20; i++) assertThat(flood.get(i)).endsWith(":flood " + (i + 1));
            flooder.sync();
            assertThat(flooder.isClosed()).isFalse();
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
