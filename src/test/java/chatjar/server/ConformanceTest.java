package chatjar.server;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Behaviours the Modern IRC documents ask for that a conformance run (irctest) checks, over real sockets. */
@Timeout(60)
class ConformanceTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void userWithAnEmptyRealnameIs461() {
        try (IrcTestClient c = server.connect()) {
            c.send("NICK blank");
            c.send("USER name * * :");
            c.expect("461", "blank", "USER");
            c.send("USER name * * :Real Name");
            c.expect("001");
        }
    }

    @Test
    void noticeErrorsGetNoReplyAtAll() {
        try (IrcTestClient a = server.register("quiet"); IrcTestClient b = server.register("other")) {
            b.send("JOIN #closed");
            b.expect("366");
            a.send("NOTICE #nosuchchannel :hello");
            a.send("NOTICE nosuchnick :hello");
            a.send("NOTICE #closed :hello"); // +n, and quiet is not a member
            a.send("NOTICE other");
            a.send("NOTICE");
            a.send("NOTICE a,b,c,d,e,f,g,h,i,j,k :too many");
            a.sync();
            assertThat(a.unread()).as("replies to erroneous NOTICEs").noneMatch(l -> l.matches(":\\S+ \\d{3} .*") && !l.contains(" PONG "));
            assertThat(a.allLines()).noneMatch(l -> l.matches(":\\S+ (401|403|404|407|411|412) .*"));
            a.send("PRIVMSG #nosuchchannel :hello"); // PRIVMSG still gets its error
            a.expect("403", "quiet", "#nosuchchannel");
        }
    }

    @Test
    void whoOfAnExactNickShowsAnInvisibleStranger() {
        try (IrcTestClient a = server.register("asker"); IrcTestClient b = server.register("hidden")) {
            b.send("MODE hidden +i");
            b.expect("MODE", "hidden", "+i");
            a.send("WHO hidden");
            Message reply = a.expect("352", "asker", "*", "~hidden");
            assertThat(reply.param(5)).isEqualTo("hidden");
            a.expect("315", "asker", "hidden");
            a.send("WHO hid*"); // a mask still hides invisible users who share no channel
            a.expect("315", "asker", "hid*");
            assertThat(a.allLines().stream().filter(l -> l.contains(" 352 ")).count()).isEqualTo(1);
        }
    }

    @Test
    void aNickChangeOfCaseOnlySendsWatchersNothing() {
        try (IrcTestClient w = server.register("watcher"); IrcTestClient q = server.register("qux")) {
            w.send("MONITOR + qux");
            w.expect("730", "watcher", "qux!~qux@127.0.0.1");
            q.send("NICK QUX");
            q.expect("NICK", "QUX");
            q.send("NICK other"); // a real change afterwards is still reported, so the silence above is meaningful
            w.expect("731", "watcher", "QUX");
            assertThat(w.allLines()).filteredOn(l -> l.contains(" 730 ") || l.contains(" 731 ")).hasSize(2);
        }
    }

    @Test
    void repeatedTargetsGetOneCopyEach() {
        try (IrcTestClient a = server.register("sender"); IrcTestClient b = server.register("target")) {
            a.send("JOIN #room");
            a.expect("366");
            b.send("JOIN #room");
            b.expect("366");
            a.send("PRIVMSG target,TARGET,#room,#ROOM :x");
            a.send("PRIVMSG target :done");
            b.expect("PRIVMSG", "target", "done");
            assertThat(b.allLines()).filteredOn(l -> l.endsWith(" PRIVMSG target :x")).hasSize(1);
            assertThat(b.allLines()).filteredOn(l -> l.contains(" PRIVMSG #room :x")).hasSize(1);
        }
    }

    @Test
    void lusersCountsAnInvisibleUserAtOnce() {
        try (IrcTestClient a = server.register("seen"); IrcTestClient b = server.register("unseen")) {
            b.send("MODE unseen +i");
            b.expect("MODE", "unseen", "+i");
            a.send("LUSERS");
            assertThat(a.expect("251").last()).isEqualTo("There are 1 users and 1 invisible on 1 servers");
            a.expect("255", "seen", "I have 2 clients and 0 servers");
        }
    }

    @Test
    void relayedLinesAreCutToFit512BytesWithoutSplittingACharacter() {
        try (IrcTestClient a = server.register("longwinded"); IrcTestClient b = server.register("reader")) {
            String head = "PRIVMSG reader :";
            String text = "x".repeat(510 - head.length()); // the largest line a client may send
            a.send(head + text);
            String got = b.expectText(" PRIVMSG reader :");
            assertThat((got + "\r\n").getBytes(StandardCharsets.UTF_8)).hasSize(512);
            assertThat(got).startsWith(":longwinded!~longwinded@127.0.0.1 PRIVMSG reader :xxx");
            // Three-byte characters: the cut falls between them, never inside one.
            String euros = "€".repeat((510 - head.length()) / 3);
            a.send(head + euros);
            String cut = b.expectText(" PRIVMSG reader :€");
            byte[] bytes = (cut + "\r\n").getBytes(StandardCharsets.UTF_8);
            assertThat(bytes.length).isBetween(510, 512);
            assertThat(cut).doesNotContain("\uFFFD").endsWith("€");
            // A short message is untouched.
            a.send("PRIVMSG reader :short");
            b.expect("PRIVMSG", "reader", "short");
        }
    }
}
