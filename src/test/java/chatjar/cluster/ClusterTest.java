package chatjar.cluster;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Three nodes over one real redis-server, all on loopback: the network behaves as one server. */
@Timeout(30)
class ClusterTest {
    static final long TTL = 1500;

    RedisServer redis;
    final List<ClusterNode> nodes = new ArrayList<>();
    final List<IrcTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        redis = new RedisServer();
        for (String name : List.of("a", "b", "c")) nodes.add(new ClusterNode(redis.uri(), name, TTL));
    }

    @AfterEach
    void stop() {
        for (IrcTestClient c : clients) c.close();
        for (ClusterNode n : nodes) {
            try {
                n.close();
            } catch (RuntimeException ignored) {
                // a crashed node
            }
        }
        if (redis != null) redis.close();
    }

    ClusterNode node(int i) {
        return nodes.get(i);
    }

    IrcTestClient user(int node, String nick) {
        IrcTestClient c = node(node).register(nick);
        clients.add(c);
        return c;
    }

    void awaitEverywhere(String... nicks) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (ClusterNode n : nodes) for (String nick : nicks) if (!n.knows(nick)) return false;
            return true;
        });
    }

    @Test
    void channelAndPrivateMessagesCrossNodesInOrder() {
        IrcTestClient alice = user(0, "alice"), bob = user(1, "bob"), carol = user(2, "carol");
        awaitEverywhere("alice", "bob", "carol");
        alice.send("JOIN #x");
        alice.expect("JOIN", "#x");
        bob.send("JOIN #x");
        alice.expectMatch(m -> m.command().equals("JOIN") && m.prefix().startsWith("bob!"), "bob's JOIN on node a");
        carol.send("JOIN #x");
        alice.expectMatch(m -> m.command().equals("JOIN") && m.prefix().startsWith("carol!"), "carol's JOIN");
        bob.expectMatch(m -> m.command().equals("JOIN") && m.prefix().startsWith("carol!"), "carol's JOIN");

        for (int i = 0; i < 50; i++) alice.send("PRIVMSG #x :m" + i);
        for (IrcTestClient r : List.of(bob, carol)) {
            for (int i = 0; i < 50; i++) { // one sender's messages arrive in the order sent, on every node
                Message m = r.expect("PRIVMSG", "#x");
                assertThat(m.last()).isEqualTo("m" + i);
                assertThat(m.prefix()).startsWith("alice!");
            }
        }
        bob.send("PRIVMSG alice :psst");
        Message dm = alice.expect("PRIVMSG", "alice");
        assertThat(dm.prefix()).startsWith("bob!");
        assertThat(dm.last()).isEqualTo("psst");

        carol.send("PART #x :bye");
        alice.expectMatch(m -> m.command().equals("PART") && m.prefix().startsWith("carol!"), "carol's PART on a");
        bob.send("NICK robert");
        alice.expectMatch(m -> m.command().equals("NICK") && m.prefix().startsWith("bob!") && m.last().equals("robert"),
                "bob's NICK on a");
        alice.send("TOPIC #x :cluster talk");
        bob.expect("TOPIC", "#x", "cluster talk");
        alice.send("MODE #x +o robert");
        bob.expect("MODE", "#x", "+o", "robert");
        await().atMost(Duration.ofSeconds(5)).until(() -> node(2).onLoop(s -> {
            var ch = s.channels().find("#x");
            return ch != null && "cluster talk".equals(ch.topic) && ch.isOp(s.users().find("robert"));
        }));
    }

    @Test
    void aNodeWithNoMemberInAChannelDoesNotReceiveItsMessages() {
        IrcTestClient alice = user(0, "alice"), bob = user(1, "bob");
        user(2, "carol");
        awaitEverywhere("alice", "bob", "carol");
        alice.send("JOIN #quiet");
        alice.expect("366");
        bob.send("JOIN #quiet");
        bob.expect("366");
        alice.expectMatch(m -> m.command().equals("JOIN") && m.prefix().startsWith("bob!"), "bob's JOIN");
        for (int i = 0; i < 20; i++) alice.send("PRIVMSG #quiet :q" + i);
        for (int i = 0; i < 20; i++) assertThat(bob.expect("PRIVMSG", "#quiet").last()).isEqualTo("q" + i);
        assertThat(node(1).network.channelMessages()).isGreaterThanOrEqualTo(20);
        assertThat(node(2).network.channelMessages()).isZero(); // carol's node heard only that #quiet exists
        assertThat(node(2).<Integer>onLoop(s -> s.channels().find("#quiet").size())).isEqualTo(2);
        bob.send("PART #quiet");
        alice.expect("PART", "#quiet");
        long before = node(1).network.channelMessages();
        alice.send("PRIVMSG #quiet :after bob left");
        alice.send("PRIVMSG bob :direct"); // a private message goes to bob's node only
        assertThat(bob.expect("PRIVMSG", "bob").last()).isEqualTo("direct");
        assertThat(node(1).network.channelMessages()).isEqualTo(before); // unsubscribed with its last member
    }

    @Test
    void namesWhoisIsonAndMonitorSeeTheWholeNetwork() {
        IrcTestClient alice = user(0, "alice"), bob = user(1, "bob"), carol = user(2, "carol");
        awaitEverywhere("alice", "bob", "carol");
        alice.send("JOIN #all");
        alice.expect("366");
        bob.send("JOIN #all");
        bob.expect("366");
        carol.send("JOIN #all");
        carol.expect("366");
        await().atMost(Duration.ofSeconds(5)).until(() -> node(0).onLoop(s -> s.channels().find("#all").size() == 3));
        alice.send("NAMES #all");
        Message names = alice.expect("353");
        assertThat(names.last().split(" ")).containsExactlyInAnyOrder("@alice", "bob", "carol");
        bob.send("WHOIS carol");
        Message whois = bob.expect("311", "bob", "carol");
        assertThat(whois.param(2)).isEqualTo("~carol");
        assertThat(Long.parseLong(bob.expect("317", "bob", "carol").param(2))).isLessThan(60); // idle, as seen here
        bob.expect("318");
        carol.send("ISON alice bob nobody");
        assertThat(carol.expect("303").last().trim().split(" ")).containsExactlyInAnyOrder("alice", "bob");
        carol.send("MONITOR + dave");
        carol.expect("731", "carol", "dave");
        IrcTestClient dave = user(0, "dave"); // signs on at node a: carol on node c is told
        assertThat(carol.expect("730").last()).startsWith("dave!");
        dave.send("QUIT");
        carol.expect("731", "carol", "dave");
    }

    @Test
    void aHundredClientsRacingForOneNickOnThreeNodesHaveOneWinner() {
        List<IrcTestClient> racers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            IrcTestClient c = node(i % 3).connect();
            clients.add(c);
            racers.add(c);
        }
        for (IrcTestClient c : racers) c.send("NICK racer\r\nUSER r 0 * :racer");
        int won = 0, lost = 0;
        for (IrcTestClient c : racers) {
            Message m = c.expectAny("001", "433");
            if (m.command().equals("001")) won++;
            else lost++;
        }
        assertThat(won).isEqualTo(1);
        assertThat(lost).isEqualTo(99);
        awaitEverywhere("racer");
    }

    @Test
    void aCrashedNodesUsersQuitAndItsNicksAreFreed() {
        IrcTestClient alice = user(0, "alice");
        IrcTestClient dave = user(2, "dave");
        awaitEverywhere("alice", "dave");
        alice.send("JOIN #x");
        alice.expect("366");
        dave.send("JOIN #x");
        alice.expectMatch(m -> m.command().equals("JOIN") && m.prefix().startsWith("dave!"), "dave's JOIN");

        IrcTestClient taker = node(1).connect();
        clients.add(taker);
        taker.send("NICK dave\r\nUSER d 0 * :d");
        taker.expect("433");

        long crashedAt = System.nanoTime();
        node(2).crash();
        Message quit = alice.expectMatch(m -> m.command().equals("QUIT") && m.prefix().startsWith("dave!"), "dave's QUIT");
        assertThat(quit.last()).isEqualTo("*.net *.split");
        assertThat((System.nanoTime() - crashedAt) / 1_000_000).isLessThan(TTL * 4);
        await().atMost(Duration.ofMillis(TTL * 2)).until(() -> !node(1).knows("dave"));
        taker.send("NICK dave");
        taker.expect("001");
    }

    @Test
    void afterARedisRestartTheNodesHealWithoutGhostsOrDuplicates() {
        IrcTestClient alice = user(0, "alice"), bob = user(1, "bob");
        awaitEverywhere("alice", "bob");
        alice.send("JOIN #x");
        alice.expect("366");
        bob.send("JOIN #x");
        alice.expectMatch(m -> m.command().equals("JOIN") && m.prefix().startsWith("bob!"), "bob's JOIN");

        IrcTestClient carol = user(1, "carol");
        awaitEverywhere("carol");
        redis.kill();
        carol.send("QUIT :gone while redis was down"); // its QUIT cannot be published: node a must not keep a ghost
        carol.expectClosed();
        await().atMost(Duration.ofSeconds(5)).until(() -> !node(1).knows("carol"));
        redis.start(); // empty: leases, records and heartbeats are all gone
        // Each node finds its heartbeat key gone, claims its nicks again and re-announces its users.
        await().atMost(Duration.ofSeconds(15)).until(() -> node(0).network.rejoins() > 0 && node(1).network.rejoins() > 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> node(0).onLoop(s -> s.users().find("bob") != null
                && s.channels().find("#x") != null && s.channels().find("#x").size() == 2)
                && node(1).onLoop(s -> s.users().find("alice") != null));
        await().atMost(Duration.ofSeconds(15)).until(() -> !node(0).network.isSplit() && !node(1).network.isSplit());
        bob.send("PRIVMSG #x :still here");
        Message m = alice.expectMatch(x -> x.command().equals("PRIVMSG") && x.last().equals("still here"), "bob after heal");
        assertThat(m.prefix()).startsWith("bob!");
        // the lease was claimed again: a newcomer on node c cannot take alice's nick
        IrcTestClient taker = node(2).connect();
        clients.add(taker);
        await().atMost(Duration.ofSeconds(10)).until(() -> node(2).knows("alice"));
        taker.send("NICK alice\r\nUSER t 0 * :t");
        taker.expect("433");
        await().atMost(Duration.ofSeconds(10)).until(() -> !node(0).knows("carol") && !node(2).knows("carol"));
        assertThat(node(0).<Integer>onLoop(s -> s.users().registeredCount())).isEqualTo(2);
    }
}
