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

    /**
     * A main rate so slow (one line per 20 s) that metered lines could not be answered within the test's
     * timeout: everything below that is answered was paid from the cheap budget, so the assertions are counts.
     */
    private static final double CRAWL = 0.05;

    @Test
    void fortyPingsAreAllAnsweredAtOnceAndSpendNothingOfTheChatBudget() {
        start(b -> b.floodBurst(5).floodPerSecond(CRAWL).floodMaxBacklog(32));
        try (IrcTestClient c = server.register("pinger"); IrcTestClient peer = server.register("peer")) {
            c.send("JOIN #room");
            c.expect("366");
            peer.send("JOIN #room");
            peer.expect("366");
            // A client pinging every 50 ms for two seconds, sent as one write: the old metering (the burst, then one
            // line per interval) would have answered 4 of these in the test's timeout.
            c.sendRaw(lines("PING :p", 1, 40));
            for (int i = 1; i <= 40; i++) {
                String token = "p" + i;
                c.expectMatch(m -> m.command().equals("PONG") && token.equals(m.last()), "PONG " + token);
            }
            // The JOIN took one line of the chat burst; the other four are still there.
            c.sendRaw(lines("PRIVMSG #room :chat ", 1, 4));
            peer.expectMatch(m -> said(m, "chat 4"), "the fourth chat line");
            int backlog = server.onLoop(s -> LocalUser.of(s.users().find("pinger")).flood.backlog());
            assertThat(backlog).isZero();
        }
    }

    @Test
    void theQueriesAClientSendsOnJoinAreAnsweredWithoutDelay() {
        start(b -> b.floodBurst(5).floodPerSecond(CRAWL).floodMaxBacklog(32));
        try (IrcTestClient c = server.register("joiner")) {
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= 4; i++) {
                burst.append("JOIN #c").append(i).append("\r\nWHO #c").append(i).append("\r\nMODE #c").append(i)
                        .append("\r\nMODE #c").append(i).append(" b\r\n");
            }
            burst.append("PING :done\r\n");
            c.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 1; i <= 4; i++) {
                c.expect("366", "joiner", "#c" + i);
                c.expect("315", "joiner", "#c" + i);
                c.expect("324", "joiner", "#c" + i);
                c.expect("368", "joiner", "#c" + i);
            }
            c.expectMatch(m -> m.command().equals("PONG") && "done".equals(m.last()), "PONG done");
        }
    }

    @Test
    void aPingFloodFarBeyondItsBudgetIsStillSlowedAndThenDropped() {
        start(b -> b.floodBurst(5).floodPerSecond(CRAWL).floodMaxBacklog(100));
        try (IrcTestClient c = server.register("pinger")) {
            // 50 answered at once (the cheap burst, ten times the chat burst), the next 50 wait in the backlog.
            c.sendRaw(lines("PING :p", 1, 100));
            c.expectMatch(m -> m.command().equals("PONG") && "p50".equals(m.last()), "PONG p50");
            int waiting = server.onLoop(s -> LocalUser.of(s.users().find("pinger")).flood.backlog());
            assertThat(waiting).isGreaterThan(40);
            assertThat(c.allLines()).noneMatch(l -> l.endsWith(" :p100"));
            // ...and past the backlog it is Excess Flood, PING or not.
            c.sendRaw(lines("PING :q", 1, 100));
            assertThat(c.expect("ERROR").last()).contains("Excess Flood");
            c.expectClosed();
        }
    }
}
