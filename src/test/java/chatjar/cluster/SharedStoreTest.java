package chatjar.cluster;

import chatjar.cluster.redis.RedisNetwork;
import chatjar.irc.Message;
import chatjar.net.reactor.EventLoop;
import chatjar.server.ChatServer;
import chatjar.server.ServerConfig;
import chatjar.server.Storage;
import chatjar.server.history.HistorySettings;
import chatjar.store.MsgIds;
import chatjar.store.redis.RedisStore;
import chatjar.store.scram.Scram;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two nodes whose history and accounts live in the cluster's Redis ({@code --cluster-store redis}, the default),
 * over real sockets: what is said on one node is there on the other after a reconnect, in one order with the same
 * msgids, and an account registered on one node logs in on the other.
 */
@Timeout(60)
class SharedStoreTest {
    static final String CAPS = "batch server-time message-tags draft/chathistory sasl";

    RedisServer redis;
    final List<Node> nodes = new ArrayList<>();
    final List<IrcTestClient> clients = new ArrayList<>();

    /** A node as ServerCommand builds one with --cluster: the shared store first, then the network. */
    static final class Node implements AutoCloseable {
        final RedisStore store;
        final ChatServer server;
        final RedisNetwork network;
        final EventLoop loop;
        final int port;

        Node(String uri, String name) throws Exception {
            ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl());
            store = RedisStore.open(RedisStore.Options.defaults(uri, name).withScramIterations(Scram.MIN_ITERATIONS));
            network = RedisNetwork.connect(new RedisNetwork.Options(uri, name, 1500));
            server = new ChatServer(config, new Storage(store.history(), store.accounts(), null), HistorySettings.defaults());
            network.attach(server);
            try {
                loop = new EventLoop(server, config.maxFrame());
                port = loop.listen(new InetSocketAddress("127.0.0.1", 0)).getPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.start(loop);
            network.start(loop);
            loop.start();
        }

        boolean knows(String nick) {
            return chatjar.testing.TestServer.onLoop(loop, server, s -> s.users().find(nick) != null);
        }

        @Override
        public void close() {
            loop.shutdown(server::shutdownNotice, 2000);
            network.close();
            store.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        redis = new RedisServer();
        for (String name : List.of("a", "b")) nodes.add(new Node(redis.uri(), name));
    }

    @AfterEach
    void stop() {
        for (IrcTestClient c : clients) c.close();
        for (Node n : nodes) n.close();
        if (redis != null) redis.close();
    }

    /** Connects to node {@code node} with the history caps, registering an account or logging in (SASL PLAIN). */
    IrcTestClient user(int node, String nick, String account, boolean register) {
        IrcTestClient c = new IrcTestClient(nodes.get(node).port);
        clients.add(c);
        c.nick = nick;
        c.send("CAP LS 302");
        c.expect("CAP", "*", "LS");
        c.send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
        c.send("CAP REQ :" + CAPS);
        c.expect("CAP", "*", "ACK");
        if (account == null) {
            // a guest: no account
        } else if (register) {
            c.send("REGISTER * * pw-" + account);
            c.expect("REGISTER", "SUCCESS", account);
        } else {
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            String plain = "\0" + account + "\0pw-" + account;
            c.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
            c.expect("903");
        }
        c.send("CAP END");
        c.expect("001");
        return c;
    }

    void awaitEverywhere(String... nicks) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (Node n : nodes) for (String nick : nicks) if (!n.knows(nick)) return false;
            return true;
        });
    }

    /** The lines of the next chathistory batch. */
    static List<Message> history(IrcTestClient c, String command) {
        c.send(command);
        Message open = c.expectMatch(m -> m.command().equals("BATCH") && m.param(0).startsWith("+")
                && "chathistory".equals(m.param(1)), "a chathistory batch");
        String ref = open.param(0).substring(1);
        List<Message> lines = new ArrayList<>();
        while (true) {
            Message m = c.expectMatch(x -> ref.equals(x.tags().get("batch"))
                    || x.command().equals("BATCH") && ("-" + ref).equals(x.param(0)), "the rest of batch " + ref);
            if (m.command().equals("BATCH")) return lines;
            lines.add(m);
        }
    }

    static int nodeBits(String msgid) {
        return (int) ((MsgIds.parse(msgid) >>> MsgIds.COUNTER_BITS) & MsgIds.MAX_NODE);
    }

    @Test
    void historyAndAccountsWrittenOnOneNodeAreThereOnTheOther() {
        IrcTestClient alice = user(0, "alice", "alice", true);
        IrcTestClient bob = user(1, "bob", "bob", true);
        awaitEverywhere("alice", "bob");
        alice.send("JOIN #h");
        alice.expect("366");
        bob.send("JOIN #h");
        bob.expect("366");
        alice.expectMatch(m -> m.command().equals("JOIN") && m.prefix().startsWith("bob!"), "bob's JOIN on node a");

        Map<String, String> live = new TreeMap<>(); // msgid → text, in msgid order: the order of history
        for (int i = 0; i < 5; i++) {
            alice.send("PRIVMSG #h :a" + i);
            live.put(bob.expect("PRIVMSG", "#h", "a" + i).tags().get("msgid"), "a" + i); // as node b delivered it
            bob.send("PRIVMSG #h :b" + i);
            live.put(alice.expect("PRIVMSG", "#h", "b" + i).tags().get("msgid"), "b" + i);
        }
        assertThat(live).hasSize(10);
        alice.send("PRIVMSG bob :psst");
        String dm = bob.expect("PRIVMSG", "bob", "psst").tags().get("msgid");
        // The two nodes stamp with different node numbers, so their msgids cannot collide.
        assertThat(live.keySet()).extracting(SharedStoreTest::nodeBits).containsOnly(
                nodes.get(0).store.nodeNumber(), nodes.get(1).store.nodeNumber()).hasSize(10);
        assertThat(nodes.get(0).store.nodeNumber()).isNotEqualTo(nodes.get(1).store.nodeNumber());

        alice.send("QUIT :moving");
        alice.expectClosed();
        await().atMost(Duration.ofSeconds(10)).until(() -> !nodes.get(1).knows("alice"));

        // alice comes back on node b: her account, registered on a, logs her in there; her scrollback is there.
        IrcTestClient again = user(1, "alice", "alice", false);
        again.send("JOIN #h");
        again.expect("366");
        List<Message> h = history(again, "CHATHISTORY LATEST #h * 20");
        assertThat(h).extracting(m -> m.tags().get("msgid")).containsExactlyElementsOf(live.keySet());
        assertThat(h).extracting(Message::last).containsExactlyElementsOf(live.values());
        List<Message> direct = history(again, "CHATHISTORY LATEST bob * 10");
        assertThat(direct).extracting(Message::last).containsExactly("psst");
        assertThat(direct.get(0).tags().get("msgid")).isEqualTo(dm);

        // Node a reads the same history in the same order: one order per target, whichever node asks.
        IrcTestClient carol = user(0, "carol", "carol", true);
        carol.send("JOIN #h");
        carol.expect("366");
        assertThat(history(carol, "CHATHISTORY LATEST #h * 20")).extracting(m -> m.tags().get("msgid"))
                .containsExactlyElementsOf(live.keySet());
        assertThat(nodes.get(0).store.history().stats().notPersisted()).isZero();
    }

    @Test
    void whileRedisIsAwayChatGoesOnAndItsHistoryIsStoredWhenRedisReturns() {
        IrcTestClient alice = user(0, "alice", null, false), carol = user(0, "carol", null, false);
        alice.send("JOIN #o");
        alice.expect("366");
        carol.send("JOIN #o");
        carol.expect("366");
        alice.expectMatch(m -> m.command().equals("JOIN") && m.prefix().startsWith("carol!"), "carol's JOIN");
        var history = nodes.get(0).store.history();
        await().atMost(Duration.ofSeconds(10)).until(() -> history.stats().queued() == 0);

        redis.kill();
        alice.send("PRIVMSG #o :said while Redis is away");
        String id = carol.expect("PRIVMSG", "#o", "said while Redis is away").tags().get("msgid"); // chat goes on
        await().atMost(Duration.ofSeconds(10)).until(() -> history.stats().writeErrors() > 0);
        assertThat(history.stats().queued()).isEqualTo(1);

        redis.start(); // empty: what was stored before is gone (no AOF here), the backlog is written again
        await().atMost(Duration.ofSeconds(20)).until(() -> history.stats().queued() == 0);
        assertThat(history.stats().notPersisted()).isZero();
        awaitEverywhere("alice", "carol"); // healed
        IrcTestClient dave = user(1, "dave", null, false);
        dave.send("JOIN #o");
        dave.expect("366");
        List<Message> h = history(dave, "CHATHISTORY LATEST #o * 10");
        assertThat(h).filteredOn(m -> m.command().equals("PRIVMSG")).extracting(m -> m.tags().get("msgid"), Message::last)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id, "said while Redis is away"));
    }
}
