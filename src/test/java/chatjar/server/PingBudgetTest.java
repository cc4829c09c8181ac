package chatjar.server;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cheap budget of flood control: PING, PONG and the queries clients send on joining are answered at once
 * without spending the chat budget, and a flood of them is still slowed and dropped.
 */
@Timeout(60)
class PingBudgetTest {
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
