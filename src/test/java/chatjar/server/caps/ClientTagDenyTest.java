package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.server.ServerConfig;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CLIENTTAGDENY: the policy itself, what 005 says, and what is relayed under it. */
@Timeout(30)
class ClientTagDenyTest {

    private static TestServer serverDenying(String... entries) {
        return new TestServer(ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().toBuilder()
                .floodBurst(0).clientTagDeny(List.of(entries)).build()));
    }

    private static String isupport(IrcTestClient c) {
        return String.join(" ", c.allLines().stream().filter(l -> l.contains(" 005 ")).toList());
    }

    @Test
    void namesStarAndExemptionsFollowTheSpec() {
        ClientTagDeny some = ClientTagDeny.of(List.of("typing", "example.com/x"));
        assertThat(some.denies("+typing")).isTrue();
        assertThat(some.denies("+example.com/x")).isTrue();
        assertThat(some.denies("+draft/react")).isFalse();
        assertThat(some.isupportToken()).isEqualTo("CLIENTTAGDENY=typing,example.com/x");

        ClientTagDeny allBut = ClientTagDeny.of(List.of("-draft/react", "*"));
        assertThat(allBut.denies("+typing")).isTrue();
        assertThat(allBut.denies("+draft/react")).isFalse();
        assertThat(allBut.isupportToken()).isEqualTo("CLIENTTAGDENY=*,-draft/react");

        assertThat(ClientTagDeny.of(List.of()).denies("+typing")).isFalse();
        assertThat(ClientTagDeny.of(List.of()).isupportToken()).isNull();

        assertThat(ClientTagDeny.problem(List.of("*", "-typing", "draft/react"))).isNull();
        assertThat(ClientTagDeny.problem(List.of("+typing"))).contains("without their +");
        assertThat(ClientTagDeny.problem(List.of("-typing"))).contains("only means something after *");
        assertThat(ClientTagDeny.problem(List.of("ty ping"))).contains("not a tag name");
        assertThat(ClientTagDeny.problem(List.of(""))).contains("not a tag name");
    }

    @Test
    void byDefaultNothingIsDeniedOrAdvertised() {
        try (TestServer server = new TestServer();
             IrcTestClient to = CapClients.register(server, "to", "message-tags");
             IrcTestClient from = CapClients.register(server, "from", "message-tags")) {
            assertThat(isupport(to)).contains("UTF8ONLY").doesNotContain("CLIENTTAGDENY");
            from.send("@+typing=active TAGMSG to");
            assertThat(to.expect("TAGMSG", "to").tags()).containsEntry("+typing", "active");
        }
    }

    @Test
    void deniedTagsAreDroppedAndATagmsgLeftWithoutTagsIsNotRelayed() {
        try (TestServer server = serverDenying("*", "-draft/react");
             IrcTestClient to = CapClients.register(server, "to", "message-tags");
             IrcTestClient from = CapClients.register(server, "from", "message-tags echo-message")) {
            assertThat(isupport(to)).contains("CLIENTTAGDENY=*,-draft/react");
            for (IrcTestClient c : new IrcTestClient[]{to, from}) {
                c.send("JOIN #d");
                c.expect("366");
            }
            from.send("@+typing=active;+draft/react=x;+example.com/y=1 PRIVMSG #d :hello");
            Message m = to.expect("PRIVMSG", "#d", "hello");
            assertThat(m.tags()).containsEntry("+draft/react", "x").doesNotContainKeys("+typing", "+example.com/y")
                    .containsKey("msgid");
            assertThat(from.expect("PRIVMSG", "#d", "hello").tags()).doesNotContainKey("+typing");

            from.send("@+typing=active TAGMSG #d");
            from.send("@+typing=paused TAGMSG to");
            from.send("@+draft/react=y TAGMSG #d");
            assertThat(to.expect("TAGMSG", "#d").tags()).containsEntry("+draft/react", "y");
            from.expect("TAGMSG", "#d"); // the echo of the one allowed TAGMSG
            to.sync();
            from.sync();
            assertThat(to.allLines()).noneMatch(l -> l.contains("+typing"));
            assertThat(from.allLines()).noneMatch(l -> l.contains("TAGMSG") && l.contains("typing"));
        }
    }

    @Test
    void aListOfNamesDeniesOnlyThose() {
        try (TestServer server = serverDenying("typing");
             IrcTestClient to = CapClients.register(server, "to", "message-tags");
             IrcTestClient from = CapClients.register(server, "from", "message-tags")) {
            assertThat(isupport(to)).contains("CLIENTTAGDENY=typing");
            from.send("@+typing=active;+draft/reply=abc PRIVMSG to :hi");
            assertThat(to.expect("PRIVMSG", "to", "hi").tags()).containsEntry("+draft/reply", "abc")
                    .doesNotContainKey("+typing");
        }
    }
}
