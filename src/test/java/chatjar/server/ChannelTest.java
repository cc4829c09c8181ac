package chatjar.server;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ChannelTest {
    final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void messagesBetweenThreeClientsInChannelAndPrivately() {
        try (IrcTestClient a = server.register("amy"); IrcTestClient b = server.register("ben"); IrcTestClient c = server.register("cat")) {
            a.send("JOIN #room");
            a.expect("JOIN", "#room");
            assertThat(a.expect("353").last()).isEqualTo("@amy");
            b.send("JOIN #room");
            c.send("JOIN #room");
            a.expect("JOIN", "#room");
            c.expect("366", "cat", "#room");
            a.send("PRIVMSG #room :hello all");
            assertThat(b.expect("PRIVMSG", "#room").last()).isEqualTo("hello all");
            Message atC = c.expect("PRIVMSG", "#room");
            assertThat(atC.prefix()).isEqualTo("amy!~amy@127.0.0.1");
            b.send("PRIVMSG cat,amy :just you two");
            assertThat(c.expect("PRIVMSG", "cat").last()).isEqualTo("just you two");
            assertThat(a.expect("PRIVMSG", "amy").last()).isEqualTo("just you two");
            c.send("NOTICE ben :psst");
            b.expect("NOTICE", "ben", "psst");
            a.sync();
            assertThat(a.allLines()).noneMatch(l -> l.contains("hello all")); // no echo to the sender
            b.send("PRIVMSG nobody :hi");
            b.expect("401", "ben", "nobody");
            b.send("PRIVMSG #room");
            b.expect("412");
            b.send("PRIVMSG");
            b.expect("411");
        }
    }

    @Test
    void joinPartQuitAndNickAreSeenByOthers() {
        try (IrcTestClient a = server.register("amy"); IrcTestClient b = server.register("ben")) {
            a.send("JOIN #one,#two");
            a.expect("366", "amy", "#two");
            b.send("JOIN #one,#two");
            a.expect("JOIN", "#one");
            a.expect("JOIN", "#two");
            b.expect("366", "ben", "#two");
            b.send("NICK benji");
            Message nick = a.expect("NICK", "benji");
            assertThat(nick.sourceNick()).isEqualTo("ben");
            b.expect("NICK", "benji");
            a.sync();
            assertThat(a.allLines().stream().filter(l -> l.contains(" NICK ")).count()).isEqualTo(1); // once, not per channel
            b.send("PART #one :see you");
            Message part = a.expect("PART", "#one");
            assertThat(part.last()).isEqualTo("see you");
            b.send("QUIT :gone fishing");
            Message quit = a.expect("QUIT");
            assertThat(quit.sourceNick()).isEqualTo("benji");
            assertThat(quit.last()).isEqualTo("Quit: gone fishing");
            a.send("NAMES #two");
            assertThat(a.expect("353").last()).isEqualTo("@amy");
            a.send("JOIN 0");
            a.expect("PART", "#one");
            a.expect("PART", "#two");
            a.send("LIST");
            a.expect("321");
            a.expect("323");
            assertThat(a.unread()).noneMatch(l -> l.contains(" 322 "));
        }
    }

    @Test
    void topicAndModeNeedOperatorRights() {
        try (IrcTestClient op = server.register("opal"); IrcTestClient u = server.register("user")) {
            op.send("JOIN #t");
            op.expect("366");
            u.send("JOIN #t");
            u.expect("366");
            u.send("TOPIC #t");
            u.expect("331", "user", "#t");
            u.send("TOPIC #t :mine now");
            u.expect("482", "user", "#t");
            op.send("TOPIC #t :Welcome, all");
            assertThat(u.expect("TOPIC", "#t").last()).isEqualTo("Welcome, all");
            u.send("TOPIC #t");
            u.expect("332", "user", "#t", "Welcome, all");
            u.expect("333", "user", "#t", "opal!~opal@127.0.0.1");
            u.send("MODE #t +m");
            u.expect("482");
            u.send("MODE #t");
            u.expect("324", "user", "#t", "+nt");
            op.send("MODE #t +mv user");
            Message mode = u.expect("MODE", "#t", "+mv", "user");
            assertThat(mode.sourceNick()).isEqualTo("opal");
            op.send("MODE #t -v user");
            u.expect("MODE", "#t", "-v", "user");
            u.send("PRIVMSG #t :can I talk?");
            u.expect("404", "user", "#t");
            op.send("MODE #t +o user");
            u.expect("MODE", "#t", "+o", "user");
            u.send("MODE #t -t");
            op.expect("MODE", "#t", "-t");
            op.send("MODE #t +x");
            op.expect("472", "opal", "x");
            op.send("MODE #t +o ghost");
            op.expect("401", "opal", "ghost");
            op.send("MODE user +i");
            op.expect("502");
            u.send("MODE user +i");
            u.expect("MODE", "user", "+i");
            u.send("MODE user +z");
            u.expect("501");
        }
    }

    @Test
    void kickBanInviteKeyAndLimit() {
        try (IrcTestClient op = server.register("opal"); IrcTestClient u = server.register("user"); IrcTestClient w = server.register("wren")) {
            op.send("JOIN #k");
            op.expect("366");
            u.send("JOIN #k");
            u.expect("366");
            u.send("KICK #k opal");
            u.expect("482");
            op.send("KICK #k user :behave");
            Message kick = u.expect("KICK", "#k", "user");
            assertThat(kick.last()).isEqualTo("behave");
            op.send("KICK #k user");
            op.expect("441");

            op.send("MODE #k +b user!*@*");
            op.expect("MODE", "#k", "+b", "user!*@*");
            u.send("JOIN #k");
            u.expect("474", "user", "#k");
            op.send("MODE #k b");
            op.expect("367", "opal", "#k", "user!*@*");
            op.expect("368");
            op.send("MODE #k -b user!*@*");
            op.expect("MODE", "#k", "-b");

            op.send("MODE #k +i");
            op.expect("MODE", "#k", "+i");
            u.send("JOIN #k");
            u.expect("473", "user", "#k");
            op.send("INVITE user #k");
            op.expect("341", "opal", "user", "#k");
            u.expect("INVITE", "user", "#k");
            u.send("JOIN #k");
            u.expect("JOIN", "#k");
            op.send("INVITE user #k");
            op.expect("443");
            op.send("MODE #k -i");
            op.expect("MODE", "#k", "-i");

            op.send("MODE #k +k sesame");
            op.expect("MODE", "#k", "+k", "sesame");
            w.send("JOIN #k wrong");
            w.expect("475", "wren", "#k");
            w.send("JOIN #k sesame");
            w.expect("JOIN", "#k");
            w.send("PART #k");
            w.expect("PART");
            op.send("MODE #k -k *");
            op.expect("MODE", "#k", "-k");

            op.send("MODE #k +l 2");
            op.expect("MODE", "#k", "+l", "2");
            w.send("JOIN #k");
            w.expect("471", "wren", "#k");
            w.send("PART #k");
            w.expect("442");
            w.send("PART #nowhere");
            w.expect("403");
        }
    }

    @Test
    void whoWhoisAwayIsonUserhost() {
        try (IrcTestClient a = server.register("amy"); IrcTestClient b = server.register("ben")) {
            a.send("JOIN #w");
            a.expect("366");
            b.send("JOIN #w");
            b.expect("366");
            b.send("AWAY :lunch");
            b.expect("306");
            a.send("PRIVMSG ben :there?");
            a.expect("301", "amy", "ben", "lunch");
            a.send("WHO #w");
            a.expect("352", "amy", "#w", "~amy", "127.0.0.1", "chat.local", "amy", "H@");
            a.expect("352", "amy", "#w", "~ben", "127.0.0.1", "chat.local", "ben", "G");
            a.expect("315", "amy", "#w");
            a.send("WHOIS ben");
            a.expect("311", "amy", "ben", "~ben", "127.0.0.1", "*", "Test ben");
            a.expect("319", "amy", "ben", "#w");
            a.expect("312", "amy", "ben", "chat.local");
            a.expect("301", "amy", "ben", "lunch");
            a.expect("317", "amy", "ben");
            a.expect("318", "amy", "ben");
            a.send("WHOIS nobody");
            a.expect("401");
            a.expect("318");
            b.send("AWAY");
            b.expect("305");
            a.send("ISON ben nobody amy");
            a.expect("303", "amy", "ben amy");
            a.send("USERHOST ben");
            a.expect("302", "amy", "ben=+~ben@127.0.0.1");
            a.send("VERSION");
            a.expect("351");
            a.send("TIME");
            a.expect("391");
            a.send("LUSERS");
            a.expect("251");
            a.send("MOTD");
            a.expectAny("375", "422");
        }
    }
}
