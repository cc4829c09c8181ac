package chatjar.cluster;

import chatjar.irc.Message;
import chatjar.server.ServerConfig;
import chatjar.server.auth.PasswordHash;
import chatjar.testing.IrcTestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a user of one node does to, or learns about, a user of another: guests' nicks, LUSERS, WHOIS, KILL,
 * CHGHOST, WALLOPS, user modes, the first message after a JOIN, a labeled NICK. Three nodes over one real
 * redis-server, on loopback.
 */
@Timeout(40)
class ClusterGapsTest {
    static final long TTL = 4000; // no test here waits for a death; a loaded machine needs slack to connect
    static final String HASH = PasswordHash.hash("open sesame".toCharArray(), PasswordHash.MIN_ITERATIONS);

    RedisServer redis;
    final List<ClusterNode> nodes = new ArrayList<>();
    final List<IrcTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        redis = new RedisServer();
        for (String name : List.of("a", "b", "c")) {
            nodes.add(new ClusterNode(redis.uri(), name, TTL,
                    c -> c.withOperators(List.of(new ServerConfig.Operator("admin", HASH)))));
        }
    }

    @AfterEach
    void stop() {
        for (IrcTestClient c : clients) c.close();
        for (ClusterNode n : nodes) n.close();
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

    IrcTestClient oper(int node, String nick) {
        IrcTestClient c = user(node, nick);
        c.send("OPER admin :open sesame");
        c.expect("381");
        return c;
    }

    void awaitEverywhere(String... nicks) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (ClusterNode n : nodes) for (String nick : nicks) if (!n.knows(nick)) return false;
            return true;
        });
    }

    static boolean joinOf(Message m, String nick) {
        return m.command().equals("JOIN") && m.prefix().startsWith(nick + "!");
    }

    @Test
    void aPlainTextGuestsNickIsClaimedOnTheWholeNetwork() {
        // Every four-digit guest nick is held by node b: a guest on node a must not take one of them.
        Map<String, String> held = new HashMap<>();
        for (int i = 1000; i <= 9999; i++) held.put("chatjar:nick:guest" + i, "b");
        RedisClient rc = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> conn = rc.connect()) {
            conn.sync().mset(held);
        } finally {
            rc.shutdown();
        }
        IrcTestClient ann = user(1, "ann");
        ann.send("JOIN #lobby");
        ann.expect("366");
        IrcTestClient nc = node(0).connect();
        clients.add(nc);
        nc.send("hello from nc");
        Matcher m = Pattern.compile("Hi (guest\\d+),").matcher(nc.expectText("Hi guest"));
        assertThat(m.find()).isTrue();
        String guest = m.group(1);
        assertThat(guest).matches("guest\\d{5,}"); // the four-digit ones were all taken elsewhere
        // Announced like any user: node b sees it join and speak, and nobody there can take its nick.
        Message said = ann.expectMatch(x -> x.command().equals("PRIVMSG") && x.prefix().startsWith(guest + "!"),
                "the guest's line on node b");
        assertThat(said.last()).isEqualTo("hello from nc");
        IrcTestClient taker = node(1).connect();
        clients.add(taker);
        taker.send("NICK " + guest + "\r\nUSER t 0 * :t");
        taker.expect("433");
    }

    @Test
    void lusersCountsTheNetworkAndThisNodesShare() {
        IrcTestClient alice = user(0, "alice");
        user(1, "bob");
        user(2, "carol");
        user(2, "dave");
        awaitEverywhere("alice", "bob", "carol", "dave");
        await().atMost(Duration.ofSeconds(5)).until(() -> node(0).network.servers() == 3);
        alice.send("LUSERS");
        assertThat(alice.expect("251").last()).isEqualTo("There are 4 users and 0 invisible on 3 servers");
        assertThat(alice.expect("255").last()).isEqualTo("I have 1 clients and 1 servers");
        assertThat(alice.expect("265").param(1)).isEqualTo("1");
        assertThat(alice.expect("266").param(1)).isEqualTo("4");
        nodes.remove(2).close(); // a clean stop: its users quit and it leaves the set of live nodes at once
        await().atMost(Duration.ofSeconds(5)).until(() -> node(0).network.servers() == 2 && !node(0).knows("dave"));
        alice.send("LUSERS");
        assertThat(alice.expect("251").last()).isEqualTo("There are 2 users and 0 invisible on 2 servers");
    }

    @Test
    void whoisOfARemoteUserNamesItsServerAndModesFollowLive() {
        IrcTestClient alice = user(0, "alice"), bob = user(1, "bob");
        awaitEverywhere("alice", "bob");
        alice.send("WHOIS bob");
        Message server = alice.expect("312", "alice", "bob");
        assertThat(server.param(2)).isEqualTo("b.chat.local");
        long signon = node(1).onLoop(s -> s.users().find("bob").signonSeconds);
        Message idle = alice.expect("317", "alice", "bob");
        assertThat(Long.parseLong(idle.param(2))).isBetween(0L, 30L);
        assertThat(Long.parseLong(idle.param(3))).isEqualTo(signon);
        alice.expect("318");
        alice.send("WHO bob");
        assertThat(alice.expect("352").param(4)).isEqualTo("b.chat.local");

        bob.send("MODE bob +iB");
        bob.expect("MODE", "bob");
        bob.send("OPER admin :open sesame");
        bob.expect("381");
        await().atMost(Duration.ofSeconds(5)).until(() -> node(2).onLoop(s -> {
            var b = s.users().find("bob");
            return b.invisible && b.bot && b.oper;
        }));
        alice.send("WHOIS bob");
        alice.expect("313", "alice", "bob"); // an operator
        alice.expect("335", "alice", "bob"); // a bot
        alice.expect("318");
        await().atMost(Duration.ofSeconds(5)).until(() -> node(0).network.servers() == 3);
        alice.send("LUSERS");
        assertThat(alice.expect("251").last()).isEqualTo("There are 1 users and 1 invisible on 3 servers");
        assertThat(alice.expect("252").param(1)).isEqualTo("1");
        bob.send("MODE bob -o");
        await().atMost(Duration.ofSeconds(5)).until(() -> node(0).onLoop(s -> !s.users().find("bob").oper));
    }

    @Test
    void killAndChghostOfARemoteUserActOnItsNode() {
        IrcTestClient op = oper(0, "sheriff");
        IrcTestClient bob = user(1, "bob"), carol = user(2, "carol");
        carol.send("CAP REQ :chghost");
        carol.expect("CAP", "carol", "ACK");
        awaitEverywhere("sheriff", "bob", "carol");
        bob.send("JOIN #town");
        bob.expect("366");
        carol.send("JOIN #town");
        carol.expect("366");
        op.send("CHGHOST bob cloak users.example");
        Message ch = carol.expect("CHGHOST", "cloak", "users.example");
        assertThat(ch.prefix()).startsWith("bob!");
        for (ClusterNode n : nodes) {
            await().atMost(Duration.ofSeconds(5)).until(() -> n.onLoop(s -> "users.example".equals(s.users().find("bob").host)));
        }
        op.send("KILL bob :spamming");
        assertThat(bob.expect("ERROR").last()).contains("Killed (sheriff (spamming))");
        bob.expectClosed();
        Message quit = carol.expectMatch(m -> m.command().equals("QUIT") && m.prefix().startsWith("bob!"), "bob's QUIT");
        assertThat(quit.last()).isEqualTo("Killed (sheriff (spamming))");
        await().atMost(Duration.ofSeconds(5)).until(() -> !node(0).knows("bob") && !node(2).knows("bob"));
    }

    @Test
    void wallopsReachOperatorsOnEveryNode() {
        IrcTestClient a = oper(0, "opa"), c = oper(2, "opc"), user = user(1, "user");
        awaitEverywhere("opa", "opc", "user");
        a.send("WALLOPS :maintenance at noon");
        Message w = c.expect("WALLOPS");
        assertThat(w.last()).isEqualTo("maintenance at noon");
        assertThat(w.sourceNick()).isEqualTo("opa");
        user.sync();
        assertThat(user.allLines()).noneMatch(l -> l.contains("WALLOPS"));
    }

    @Test
    void theFirstMessageAfterARemoteJoinIsNeverMissed() {
        IrcTestClient alice = user(0, "alice"), bob = user(1, "bob");
        awaitEverywhere("alice", "bob");
        // Node b's subscriptions take a while to start, as on a loaded Redis: its JOIN must wait for them.
        node(1).network.delaySubscriptionsForTests(150);
        for (int i = 0; i < 12; i++) {
            String chan = "#race" + i;
            alice.send("JOIN " + chan);
            alice.expect("366", "alice", chan);
            bob.send("JOIN " + chan + "\r\nPRIVMSG " + chan + " :hi from bob " + i);
            alice.expectMatch(m -> joinOf(m, "bob") && m.param(0).equals(chan), "bob's JOIN of " + chan);
            alice.send("PRIVMSG " + chan + " :welcome " + i); // the instant alice sees bob: bob must get it
            assertThat(alice.expect("PRIVMSG", chan).last()).isEqualTo("hi from bob " + i); // after his JOIN
            assertThat(bob.expect("PRIVMSG", chan).last()).isEqualTo("welcome " + i);
        }
    }

    @Test
    void aLabeledNickGetsItsNickLineInsideTheLabeledResponse() {
        IrcTestClient alice = user(0, "alice");
        user(1, "bob");
        awaitEverywhere("alice", "bob");
        alice.send("CAP REQ :labeled-response batch message-tags");
        alice.expect("CAP", "alice", "ACK");
        alice.send("@label=n1 NICK alicia");
        Message nick = alice.expect("NICK", "alicia");
        assertThat(nick.tags()).containsEntry("label", "n1");
        alice.send("@label=n2 NICK bob");
        Message taken = alice.expect("433");
        assertThat(taken.tags()).containsEntry("label", "n2");
        await().atMost(Duration.ofSeconds(5)).until(() -> node(1).knows("alicia"));
    }
}
