package chatjar.server.relay;

import chatjar.irc.Message;
import chatjar.server.auth.PasswordHash;
import chatjar.server.caps.Accounts;
import chatjar.server.relay.RelayEvent.Kind;
import chatjar.state.Client;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event others see passes the relay once: a recording listener attached to a real server sees each kind
 * exactly when it happens, stamped with the msgid and time its recipients got, while delivery is unchanged.
 */
@Timeout(60)
class RelayTest {
    /** What the listener saw, copied on the loop thread (the event's source is live state). */
    record Seen(Kind kind, String prefix, String account, String target, String msgid, String time, long timeMillis,
                String line, List<String> params) {}

    private TestServer server;
    private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        String hash = PasswordHash.hash("pw".toCharArray(), PasswordHash.MIN_ITERATIONS);
        Accounts accounts = Accounts.parse(List.of("dave " + hash), "test");
        server.onLoop(s -> {
            s.setAccounts(accounts);
            s.relay().addListener(e -> seen.add(new Seen(e.kind(), e.prefix(), e.account(), e.target(), e.msgid(),
                    e.time(), e.timeMillis(), e.line, e.params())));
            return null;
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static IrcTestClient withCaps(TestServer server, String nick, String caps) {
        IrcTestClient c = server.connect();
        c.nick = nick;
        c.send("CAP LS 302");
        c.send("NICK " + nick);
        c.send("USER " + nick + " 0 * :Test " + nick);
        c.send("CAP REQ :" + caps);
        c.expect("CAP", "*", "ACK", caps);
        c.send("CAP END");
        c.expect("001");
        c.expectAny("376", "422");
        return c;
    }

    /** Sends a line and waits until the server has handled it (and so relayed what it causes). */
    private static void act(IrcTestClient c, String line) {
        c.send(line);
        c.sync();
    }

    @Test
    void everyKindIsOfferedOnceWithItsMsgidAndTime() {
        try (IrcTestClient alice = withCaps(server, "alice", "message-tags server-time away-notify account-notify");
             IrcTestClient bob = server.register("bob");
             IrcTestClient carol = server.register("carol");
             IrcTestClient dave = withCaps(server, "dave", "sasl")) {
            act(alice, "JOIN #r");
            act(bob, "JOIN #r");
            act(carol, "JOIN #side");
            act(dave, "JOIN #r");
            act(alice, "PRIVMSG #r :hi");
            // Local delivery is what it always was: a plain client gets the bare line, a tagged one its tags.
            assertThat(bob.expect("PRIVMSG", "#r", "hi").tags()).isEmpty();
            act(alice, "NOTICE bob :psst");
            act(bob, "@+typing=active TAGMSG #r");
            Message tagged = alice.expect("TAGMSG", "#r");
            assertThat(tagged.tags()).containsEntry("+typing", "active");
            act(alice, "TOPIC #r :the topic");
            act(alice, "MODE #r +m");
            act(bob, "AWAY :brb");
            act(alice, "INVITE carol #r");
            act(bob, "SETNAME :Bob Smith");
            server.onLoop(s -> s.users().find("alice").oper = true);
            act(alice, "CHGHOST bob cloak users.example");
            act(alice, "WALLOPS :ops only");
            act(bob, "NICK bobby");
            act(alice, "KICK #r bobby :bye");
            act(dave, "PART #r :later");
            dave.send("AUTHENTICATE PLAIN");
            dave.expect("AUTHENTICATE", "+");
            dave.send("AUTHENTICATE " + Base64.getEncoder().encodeToString("\0dave\0pw".getBytes(StandardCharsets.UTF_8)));
            dave.expect("903");
            dave.sync();
            carol.send("QUIT :gone");
            carol.expectClosed();
            alice.sync(); // carol's QUIT is handled before the close that alice's PING follows


            List<Seen> events = new ArrayList<>(seen);
            assertThat(events).extracting(Seen::kind).containsExactly(
                    Kind.JOIN, Kind.JOIN, Kind.JOIN, Kind.JOIN, Kind.PRIVMSG, Kind.NOTICE, Kind.TAGMSG, Kind.TOPIC,
                    Kind.MODE, Kind.AWAY, Kind.INVITE, Kind.SETNAME, Kind.CHGHOST, Kind.WALLOPS, Kind.NICK, Kind.KICK,
                    Kind.PART, Kind.ACCOUNT, Kind.QUIT);
            Set<String> msgids = new HashSet<>();
            for (Seen e : events) {
                assertThat(e.msgid()).as("msgid of %s", e).isNotBlank();
                assertThat(e.time()).as("time of %s", e).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                assertThat(e.timeMillis()).isPositive();
                msgids.add(e.msgid());
            }
            assertThat(msgids).as("one msgid per event").hasSize(events.size());

            Seen tagmsg = events.get(6);
            assertThat(tagged.tags()).containsEntry("msgid", tagmsg.msgid()).containsEntry("time", tagmsg.time());
            Seen privmsg = events.get(4);
            assertThat(privmsg.prefix()).isEqualTo("alice!~alice@127.0.0.1");
            assertThat(privmsg.target()).isEqualTo("#r");
            assertThat(privmsg.params()).containsExactly("#r", "hi");
            assertThat(events.get(5).target()).isEqualTo("bob");
            assertThat(events.get(10).target()).isEqualTo("#r");
            assertThat(events.get(10).params()).containsExactly("carol", "#r");
            Seen chghost = events.get(12);
            assertThat(chghost.prefix()).as("peers knew bob by the old mask").isEqualTo("bob!~bob@127.0.0.1");
            assertThat(chghost.target()).isNull();
            Seen nick = events.get(14);
            assertThat(nick.prefix()).startsWith("bob!");
            assertThat(nick.params()).containsExactly("bobby");
            assertThat(events.get(15).params()).containsExactly("#r", "bobby", "bye");
            assertThat(events.get(17).account()).isEqualTo("dave");
            assertThat(events.get(18).line()).isEqualTo(":carol!~carol@127.0.0.1 QUIT :Quit: gone");
        }
    }

    /** The cluster's seam: a user of another node is a Client without a local side, a member like any other. */
    @Test
    void aRemoteMemberIsInTheChannelAndGetsNoLocalDelivery() {
        try (IrcTestClient alice = server.register("alice")) {
            act(alice, "JOIN #r");
            server.onLoop(s -> {
                Client ghost = new Client("node2.example", 0);
                s.users().connected(ghost);
                s.users().rename(ghost, "ghost");
                ghost.user = "~ghost";
                ghost.realname = "on another node";
                s.users().markRegistered(ghost);
                s.channels().find("#r").add(ghost, 0);
                return null;
            });
            act(alice, "PRIVMSG #r :hello both");
            act(alice, "PRIVMSG ghost :just you");
            alice.send("NAMES #r");
            alice.expect("353", "alice", "=", "#r", "@alice ghost");
            alice.send("WHOIS ghost");
            alice.expect("311", "alice", "ghost", "~ghost", "node2.example");
            alice.expect("318");
            alice.send("KICK #r ghost :off you go");
            alice.expect("KICK", "#r", "ghost");
            assertThat(seen).extracting(Seen::kind).containsExactly(Kind.JOIN, Kind.PRIVMSG, Kind.PRIVMSG, Kind.KICK);
            assertThat(server.<Integer>onLoop(s -> s.channels().find("#r").size())).isEqualTo(1);
        }
    }

    @Test
    void aFailingListenerNeitherStopsDeliveryNorTheSender() {
        server.onLoop(s -> {
            s.relay().addListener(e -> {
                throw new IllegalStateException("listener broke");
            });
            return null;
        });
        try (IrcTestClient alice = server.register("alice"); IrcTestClient bob = server.register("bob")) {
            act(alice, "JOIN #r");
            act(bob, "JOIN #r");
            act(alice, "PRIVMSG #r :still here");
            bob.expect("PRIVMSG", "#r", "still here");
            act(alice, "PRIVMSG #r :and again"); // alice's connection survived the listener's failure
            bob.expect("PRIVMSG", "#r", "and again");
            assertThat(seen).extracting(Seen::kind).contains(Kind.PRIVMSG); // the first listener still ran
        }
    }
}
