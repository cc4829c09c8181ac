package chatjar.server;

import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every configurable limit, hit over a real socket, answered with its conventional reply. */
@Timeout(60)
class LimitsTest {
    TestServer server;
    final List<IrcTestClient> clients = new ArrayList<>();

    private void start(UnaryOperator<ServerConfig.Limits.Builder> tune) {
        ServerConfig.Limits l = tune.apply(ServerConfig.Limits.defaults().toBuilder().floodBurst(0)).build();
        server = new TestServer(ServerConfig.defaults().withLimits(l));
    }

    private IrcTestClient connect() {
        IrcTestClient c = server.connect();
        clients.add(c);
        return c;
    }

    private IrcTestClient register(String nick) {
        return connect().register(nick);
    }

    @AfterEach
    void stop() {
        clients.forEach(IrcTestClient::close);
        if (server != null) server.close();
    }

    @Test
    void maxClientsRefusesTheNextOneUntilSomeoneLeaves() {
        start(b -> b.maxClients(2));
        IrcTestClient a = register("a1");
        register("a2");
        IrcTestClient third = connect();
        assertThat(third.expect("ERROR").last()).contains("Server is full");
        third.expectClosed();
        a.send("QUIT");
        a.expectClosed();
        await().atMost(IrcTestClient.TIMEOUT).until(() -> server.onLoop(s -> s.limiter().total()) == 1);
        register("a3");
    }

    @Test
    void maxPerIpRefusesWithTooManyConnectionsWhenLoopbackIsNotExempt() {
        start(b -> b.maxPerIp(2).exempt(List.of()));
        register("p1");
        register("p2");
        IrcTestClient third = connect();
        assertThat(third.expect("ERROR").last()).isEqualTo("Too many connections from your host");
        third.expectClosed();
        assertThat(server.<Integer>onLoop(s -> s.users().count())).isEqualTo(2);
    }

    @Test
    void exemptNetworksSkipThePerIpLimit() {
        start(b -> b.maxPerIp(1).exempt(List.of("10.0.0.0/8", "127.0.0.1/32")));
        register("e1");
        register("e2");
        register("e3").sync();
    }

    @Test
    void newConnectionsPerIpAreThrottled() {
        start(b -> b.maxPerIp(100).connectsPerIpPerMinute(3).exempt(List.of()));
        for (int i = 0; i < 3; i++) {
            IrcTestClient c = register("t" + i);
            c.send("QUIT");
            c.expectClosed();
        }
        IrcTestClient fourth = connect();
        assertThat(fourth.expect("ERROR").last()).contains("too fast");
        fourth.expectClosed();
        assertThat(server.<Long>onLoop(s -> s.refusedTotal())).isEqualTo(1L);
    }

    @Test
    void channelsPerUserGets405() {
        start(b -> b.channelsPerUser(2));
        IrcTestClient c = register("joiner");
        c.send("JOIN #a,#b,#c");
        c.expect("405", "joiner", "#c");
        c.send("PART #a");
        c.send("JOIN #c");
        c.expect("JOIN", "#c");
    }

    @Test
    void targetsPerMessageGets407() {
        start(b -> b.maxTargets(2));
        IrcTestClient c = register("sender");
        IrcTestClient r = register("rcv");
        c.send("PRIVMSG rcv,rcv,rcv :hi");
        c.expect("407");
        c.send("PRIVMSG rcv,sender :hi");
        r.expect("PRIVMSG", "rcv", "hi");
        c.expect("PRIVMSG", "sender", "hi");
    }

    @Test
    void nickAndChannelLengths() {
        start(b -> b.nickLen(9).channelLen(10));
        IrcTestClient c = connect();
        c.send("NICK abcdefghij");
        c.expect("432", "*", "abcdefghij");
        c.register("abcdefghi");
        c.send("JOIN #abcdefghij");
        c.expect("476", "abcdefghi", "#abcdefghij");
        c.send("JOIN #abcdefghi");
        c.expect("JOIN", "#abcdefghi");
    }

    @Test
    void topicKickAndAwayAreCutToTheirLengths() {
        start(b -> b.topicLen(5).kickLen(4).awayLen(3));
        IrcTestClient op = register("op");
        IrcTestClient u = register("u");
        op.send("JOIN #t");
        op.expect("366");
        u.send("JOIN #t");
        u.expect("366");
        op.send("TOPIC #t :a long topic");
        assertThat(u.expect("TOPIC", "#t").last()).isEqualTo("a lon");
        u.send("AWAY :gone fishing");
        u.expect("306");
        op.send("WHOIS u");
        assertThat(op.expect("301", "op", "u").last()).isEqualTo("gon");
        op.send("KICK #t u :a long reason");
        assertThat(u.expect("KICK", "#t", "u").last()).isEqualTo("a lo");
    }

    @Test
    void banListFullGets478() {
        start(b -> b.maxBans(2));
        IrcTestClient op = register("op");
        op.send("JOIN #b");
        op.expect("366");
        op.send("MODE #b +b a!*@*");
        op.expect("MODE", "#b", "+b");
        op.send("MODE #b +b b!*@*");
        op.expect("MODE", "#b", "+b");
        op.send("MODE #b +b c!*@*");
        op.expect("478", "op", "#b");
    }
}
