package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.server.auth.PasswordHash;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The capabilities that change what peers are told: extended-join, account-tag, away/invite-notify, setname, bot. */
@Timeout(30)
class NotifyCapsTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private IrcTestClient loggedIn(String nick, String caps) throws IOException {
        String hash = PasswordHash.hash("pw".toCharArray(), PasswordHash.MIN_ITERATIONS);
        Accounts accounts = Accounts.parse(List.of(nick + "acct " + hash), "test");
        server.onLoop(s -> { // other clients may be connected: the store (and its CAP NEW) changes on the loop
            s.setAccounts(accounts);
            return null;
        });
        IrcTestClient c = CapClients.register(server, nick, caps + " sasl");
        c.send("AUTHENTICATE PLAIN");
        c.expect("AUTHENTICATE", "+");
        c.send("AUTHENTICATE " + SaslTest.plain(nick + "acct", "pw"));
        c.expect("903");
        return c;
    }

    @Test
    void extendedJoinAndAccountTagShowTheAccount() throws IOException {
        try (IrcTestClient ext = CapClients.register(server, "ext", "extended-join account-tag");
             IrcTestClient old = server.register("old");
             IrcTestClient acct = loggedIn("acct", "message-tags")) {
            ext.send("JOIN #j");
            ext.expect("366");
            old.send("JOIN #j");
            old.expect("366");
            Message extJoin = ext.expect("JOIN", "#j", "*", "Test old");
            assertThat(extJoin.sourceNick()).isEqualTo("old");
            acct.send("JOIN #j");
            ext.expect("JOIN", "#j", "acctacct", "Test acct");
            Message plainJoin = old.expect("JOIN");
            assertThat(plainJoin.params()).containsExactly("#j");
            acct.send("PRIVMSG #j :tagged");
            assertThat(ext.expect("PRIVMSG", "#j", "tagged").tags()).containsEntry("account", "acctacct");
            assertThat(old.expectText("PRIVMSG #j :tagged")).doesNotContain("account=");
        }
    }

    @Test
    void awayAndInviteNotify() {
        try (IrcTestClient op = CapClients.register(server, "op", "away-notify invite-notify");
             IrcTestClient friend = server.register("friend");
             IrcTestClient guest = server.register("guest")) {
            op.send("JOIN #n");
            op.expect("366");
            friend.send("JOIN #n");
            friend.expect("366");
            friend.send("AWAY :lunch");
            op.expect("AWAY", "lunch");
            friend.send("AWAY");
            Message back = op.expect("AWAY");
            assertThat(back.params()).isEmpty();
            friend.send("INVITE guest #n");
            guest.expect("INVITE", "guest", "#n");
            Message notify = op.expect("INVITE", "guest", "#n");
            assertThat(notify.sourceNick()).isEqualTo("friend");
        }
    }

    @Test
    void setnameReachesPeersWithTheCapAndFailsOnBadNames() {
        try (IrcTestClient a = CapClients.register(server, "renamer", "setname standard-replies");
             IrcTestClient b = CapClients.register(server, "seer", "setname");
             IrcTestClient old = server.register("blind")) {
            for (IrcTestClient c : List.of(a, b, old)) {
                c.send("JOIN #s");
                c.expect("366");
            }
            a.send("SETNAME :New Real Name");
            a.expect("SETNAME", "New Real Name");
            b.expect("SETNAME", "New Real Name");
            old.sync();
            assertThat(old.unread()).noneMatch(l -> l.contains("SETNAME"));
            old.send("WHOIS renamer");
            assertThat(old.expect("311").last()).isEqualTo("New Real Name");
            a.send("SETNAME :" + "x".repeat(150));
            a.expect("FAIL", "SETNAME", "INVALID_REALNAME");
        }
    }

    @Test
    void chghostIsForOperatorsAndReachesChghostPeers() {
        try (IrcTestClient oper = CapClients.register(server, "oper", "chghost");
             IrcTestClient user = server.register("cloaked");
             IrcTestClient old = server.register("oldie")) {
            for (IrcTestClient c : List.of(oper, user, old)) {
                c.send("JOIN #h");
                c.expect("366");
            }
            user.send("CHGHOST cloaked u h");
            user.expect("481");
            server.onLoop(s -> s.users().find("oper").oper = true);
            oper.send("CHGHOST cloaked bad@user h");
            oper.expect("FAIL", "CHGHOST", "INVALID_HOST");
            oper.send("CHGHOST cloaked cloak users.example");
            Message m = oper.expect("CHGHOST", "cloak", "users.example");
            assertThat(m.prefix()).isEqualTo("cloaked!~cloaked@127.0.0.1");
            old.send("WHOIS cloaked");
            Message whois = old.expect("311", "oldie", "cloaked");
            assertThat(whois.params()).containsSequence("cloak", "users.example");
            assertThat(old.allLines()).noneMatch(l -> l.contains("CHGHOST"));
            user.send("PRIVMSG #h :after");
            assertThat(old.expect("PRIVMSG", "#h", "after").prefix()).isEqualTo("cloaked!cloak@users.example");
        }
    }

    @Test
    void botModeTagsMessagesAndShowsInWhoAndWhois() {
        try (IrcTestClient bot = server.register("robot");
             IrcTestClient human = CapClients.register(server, "human", "message-tags")) {
            bot.send("MODE robot +B");
            bot.expect("MODE", "robot", "+B");
            bot.send("PRIVMSG human :beep");
            assertThat(human.expect("PRIVMSG", "human", "beep").tags()).containsKey("bot");
            human.send("WHOIS robot");
            human.expect("335", "human", "robot");
            human.send("WHO robot");
            assertThat(human.expect("352").param(6)).contains("B");
            human.send("VERSION");
            human.sync();
        }
    }

    @Test
    void isupportAdvertisesTheIrcv3Tokens() {
        try (IrcTestClient c = server.connect()) {
            c.send("NICK tok").send("USER tok 0 * :t");
            StringBuilder all = new StringBuilder();
            c.expect("004");
            all.append(c.expect("005").params());
            all.append(c.expect("005").params());
            assertThat(all.toString()).contains("BOT=B", "MONITOR=100", "UTF8ONLY", "WHOX");
        }
    }
}
