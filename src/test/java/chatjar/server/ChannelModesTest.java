package chatjar.server;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The list modes (+b, +e, +I, the m: mute extban), +C, the invite list and multi-target KICK, over sockets. */
@Timeout(60)
class ChannelModesTest {
    TestServer server = new TestServer();
    final List<IrcTestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(IrcTestClient::close);
        server.close();
    }

    private IrcTestClient register(String nick) {
        IrcTestClient c = server.connect();
        clients.add(c);
        return c.register(nick);
    }

    private IrcTestClient opIn(String channel) {
        IrcTestClient op = register("op");
        op.send("JOIN " + channel);
        op.expect("366", "op", channel);
        return op;
    }

    /** The ISUPPORT tokens of the client's welcome burst. */
    private static List<String> isupport(IrcTestClient c) {
        List<String> tokens = new ArrayList<>();
        for (String line : c.allLines()) {
            Message m = Message.parse(line);
            if (m == null || !m.command().equals("005")) continue;
            for (int i = 1; i < m.paramCount() - 1; i++) tokens.add(m.param(i));
        }
        return tokens;
    }

    @Test
    void banExceptionLetsAMatchingUserJoinAndIsListedToOperators() {
        IrcTestClient op = opIn("#c");
        assertThat(isupport(op)).contains("EXCEPTS", "CHANMODES=beI,k,l,Cimnst");
        op.send("MODE #c +b bob!*@*");
        op.expect("MODE", "#c", "+b", "bob!*@*");
        IrcTestClient bob = register("bob");
        bob.send("JOIN #c");
        bob.expect("474", "bob", "#c");

        op.send("MODE #c +e bob"); // completed like a ban mask
        op.expect("MODE", "#c", "+e", "bob!*@*");
        bob.send("JOIN #c");
        bob.expect("JOIN", "#c");

        op.send("MODE #c e");
        Message entry = op.expect("348", "op", "#c", "bob!*@*");
        assertThat(entry.param(3)).startsWith("op!");
        op.expect("349", "op", "#c");
        bob.send("MODE #c +e"); // who gets past a ban is for operators to see
        bob.expect("482", "bob", "#c");

        bob.send("PART #c");
        bob.expect("PART", "#c");
        op.send("MODE #c -e bob!*@*");
        op.expect("MODE", "#c", "-e", "bob!*@*");
        bob.send("JOIN #c");
        bob.expect("474", "bob", "#c");
    }

    @Test
    void inviteExceptionLetsAMatchingUserJoinAnInviteOnlyChannel() {
        IrcTestClient op = opIn("#c");
        assertThat(isupport(op)).contains("INVEX");
        op.send("MODE #c +i");
        op.expect("MODE", "#c", "+i");
        IrcTestClient bob = register("bob");
        IrcTestClient cat = register("cat");
        bob.send("JOIN #c");
        bob.expect("473", "bob", "#c");

        op.send("MODE #c +I bob!*@*");
        op.expect("MODE", "#c", "+I", "bob!*@*");
        bob.send("JOIN #c");
        bob.expect("JOIN", "#c");
        cat.send("JOIN #c");
        cat.expect("473", "cat", "#c");

        op.send("MODE #c +I");
        op.expect("346", "op", "#c", "bob!*@*");
        op.expect("347", "op", "#c");
        op.send("MODE #c -I bob!*@*");
        op.expect("MODE", "#c", "-I", "bob!*@*");
        bob.send("PART #c");
        bob.expect("PART", "#c");
        bob.send("JOIN #c");
        bob.expect("473", "bob", "#c");
    }

    @Test
    void inviteWithoutParametersListsPendingInvites() {
        IrcTestClient op = opIn("#a");
        op.send("JOIN #b");
        op.expect("366", "op", "#b");
        IrcTestClient bob = register("bob");
        bob.send("INVITE");
        bob.expect("337", "bob");
        op.send("INVITE bob #a");
        op.expect("341", "op", "bob", "#a");
        op.send("INVITE bob #b");
        op.expect("341", "op", "bob", "#b");
        bob.expect("INVITE", "bob", "#b");

        bob.send("INVITE");
        bob.expect("336", "bob", "#a");
        bob.expect("336", "bob", "#b");
        bob.expect("337", "bob");

        bob.send("JOIN #a"); // a used invite leaves the list
        bob.expect("366", "bob", "#a");
        bob.send("INVITE");
        Message next = bob.expectAny("336", "337");
        assertThat(next.command()).isEqualTo("336");
        assertThat(next.param(1)).isEqualTo("#b");
        bob.expect("337", "bob");
        bob.send("INVITE bob");
        bob.expect("461", "bob", "INVITE");

        op.send("JOIN #gone"); // an invite to a channel that then empties is not listed
        op.expect("366", "op", "#gone");
        op.send("INVITE bob #gone");
        bob.expect("INVITE", "bob", "#gone");
        op.send("PART #gone");
        op.expect("PART", "#gone");
        bob.send("INVITE");
        bob.expect("336", "bob", "#b");
        Message end = bob.expectAny("336", "337");
        assertThat(end.command()).isEqualTo("337");
    }

    @Test
    void kickWithSeveralNicksKicksEachWithItsOwnLine() {
        IrcTestClient op = opIn("#c");
        assertThat(isupport(op)).anyMatch(t -> t.startsWith("TARGMAX=") && t.contains(",KICK:4,"));
        IrcTestClient amy = register("amy");
        IrcTestClient ben = register("ben");
        IrcTestClient cat = register("cat");
        for (IrcTestClient c : List.of(amy, ben, cat)) {
            c.send("JOIN #c");
            c.expect("366", c.nick, "#c");
        }
        op.send("KICK #c amy,nobody,ben :bye");
        Message first = cat.expect("KICK", "#c");
        Message second = cat.expect("KICK", "#c");
        assertThat(List.of(first.param(1), second.param(1))).containsExactly("amy", "ben");
        assertThat(second.last()).isEqualTo("bye");
        op.expect("441", "op", "nobody", "#c");
        amy.expect("KICK", "#c", "amy");
        ben.expect("KICK", "#c", "ben");

        // As many channels as users: paired in order.
        op.send("JOIN #d");
        op.expect("366", "op", "#d");
        amy.send("JOIN #d");
        amy.expect("366", "amy", "#d");
        op.send("KICK #c,#d cat,amy");
        cat.expect("KICK", "#c", "cat", "op");
        amy.expect("KICK", "#d", "amy", "op");
        op.send("KICK #c,#d cat");
        op.expect("461", "op", "KICK");
    }

    @Test
    void muteExtbanLetsAUserJoinButNotSpeakUnlessExceptedOrVoiced() {
        IrcTestClient op = opIn("#c");
        assertThat(isupport(op)).contains("EXTBAN=,m");
        op.send("MODE #c +b m:bar");
        op.expect("MODE", "#c", "+b", "m:bar!*@*");
        IrcTestClient bar = register("bar");
        bar.send("JOIN #c");
        bar.expect("JOIN", "#c");
        bar.send("MODE #c b");
        bar.expect("367", "bar", "#c", "m:bar!*@*");
        bar.expect("368", "bar", "#c");

        bar.send("PRIVMSG #c :muted words");
        bar.expect("404", "bar", "#c");
        op.sync();
        assertThat(op.allLines()).noneMatch(l -> l.contains("muted words"));

        op.send("MODE #c +e m:*!~bar@*"); // an m: exception lifts the mute
        op.expect("MODE", "#c", "+e", "m:*!~bar@*");
        bar.send("PRIVMSG #c :excepted words");
        op.expect("PRIVMSG", "#c", "excepted words");
        op.send("MODE #c -e m:*!~bar@*");
        op.expect("MODE", "#c", "-e");
        op.send("MODE #c +v bar"); // so does voice
        op.expect("MODE", "#c", "+v", "bar");
        bar.send("PRIVMSG #c :voiced words");
        op.expect("PRIVMSG", "#c", "voiced words");

        op.send("MODE #c +b q:bar"); // an extban type we do not have
        op.expect("696", "op", "#c", "b", "q:bar");
        op.send("MODE #c +I m:bar"); // a mute means nothing to +I
        op.expect("696", "op", "#c", "I", "m:bar");
    }

    @Test
    void noCtcpChannelRefusesCtcpButLetsActionThrough() {
        IrcTestClient op = opIn("#c");
        IrcTestClient bob = register("bob");
        bob.send("JOIN #c");
        bob.expect("366", "bob", "#c");
        op.send("MODE #c +C");
        op.expect("MODE", "#c", "+C");
        op.send("MODE #c");
        op.expect("324", "op", "#c", "+Cnt");

        op.send("PRIVMSG #c :\u0001ACTION waves\u0001");
        bob.expect("PRIVMSG", "#c", "\u0001ACTION waves\u0001");
        op.send("PRIVMSG #c :\u0001VERSION\u0001");
        op.expect("404", "op", "#c");
        bob.send("PRIVMSG #c :\u0001PING 1473523796\u0001");
        bob.expect("404", "bob", "#c");
        bob.sync();
        op.sync();
        assertThat(bob.allLines()).noneMatch(l -> l.contains("VERSION"));
        assertThat(op.allLines()).noneMatch(l -> l.contains("PING 1473523796"));

        op.send("MODE #c -C");
        op.expect("MODE", "#c", "-C");
        op.send("PRIVMSG #c :\u0001VERSION\u0001");
        bob.expect("PRIVMSG", "#c", "\u0001VERSION\u0001");
    }

    @Test
    void theThreeListsAreBoundedTogetherAndMasksValidated() {
        server.close();
        ServerConfig.Limits limits = ServerConfig.Limits.defaults().toBuilder().floodBurst(0).maxBans(3).build();
        server = new TestServer(ServerConfig.defaults().withLimits(limits));
        IrcTestClient op = opIn("#c");
        assertThat(isupport(op)).contains("MAXLIST=beI:3");
        op.send("MODE #c +beI a b c");
        op.expect("MODE", "#c", "+beI", "a!*@*", "b!*@*", "c!*@*");
        op.send("MODE #c +e d");
        op.expect("478", "op", "#c", "e");
        op.send("MODE #c +I " + "x".repeat(250)); // too long: ignored, as for +b
        op.send("MODE #c -b a");
        op.expect("MODE", "#c", "-b", "a!*@*");
        op.send("MODE #c +I dd");
        op.expect("MODE", "#c", "+I", "dd!*@*");
        op.send("MODE #c I");
        op.expect("346", "op", "#c", "c!*@*");
        op.expect("346", "op", "#c", "dd!*@*");
        op.expect("347", "op", "#c");
        assertThat(op.allLines()).noneMatch(l -> l.contains("xxxxxxxxxx"));
    }
}
