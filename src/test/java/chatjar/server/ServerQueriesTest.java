package chatjar.server;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** NAMES of several channels, LIST with the ELIST filters, INFO, HELP/HELPOP and LINKS. */
@Timeout(60)
class ServerQueriesTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    /** The channels of one LIST reply, up to its 323. */
    private static Set<String> list(IrcTestClient c, String args) {
        c.send(args.isEmpty() ? "LIST" : "LIST " + args);
        Set<String> names = new HashSet<>();
        while (true) {
            Message m = c.expectAny("322", "323");
            if (m.command().equals("323")) return names;
            names.add(m.param(1));
        }
    }

    @Test
    void namesOfSeveralChannelsEndsWithOne366() {
        try (IrcTestClient a = server.register("nick1")) {
            a.send("JOIN #chan1,#chan2");
            a.expect("366", "nick1", "#chan2");
            a.send("NAMES #chan1,#chan2,#nonexistent");
            a.expect("353", "nick1", "=", "#chan1", "@nick1");
            a.expect("353", "nick1", "=", "#chan2", "@nick1");
            a.expect("366", "nick1", "#chan1,#chan2,#nonexistent");
            a.sync();
            assertThat(a.allLines()).filteredOn(l -> l.contains(" 366 ")).hasSize(3); // two from JOIN, one here
        }
    }

    @Test
    void listFiltersByMaskUsersCreationAndTopicTime() {
        try (IrcTestClient a = server.register("foo"); IrcTestClient b = server.register("bar");
             IrcTestClient c = server.register("baz")) {
            a.send("JOIN #chan1,#chan2");
            a.expect("366", "foo", "#chan2");
            b.send("JOIN #chan2");
            b.expect("366", "bar", "#chan2");
            a.send("TOPIC #chan1 :First channel");
            a.expect("TOPIC", "#chan1");
            assertThat(c.allLines()).anyMatch(l -> l.contains(" 005 ") && l.contains(" ELIST=CMNTU "));

            assertThat(list(c, "")).containsExactlyInAnyOrder("#chan1", "#chan2");
            assertThat(list(c, "#chan1")).containsExactly("#chan1");
            // M and N: masks on the name
            assertThat(list(c, "*an1")).containsExactly("#chan1");
            assertThat(list(c, "#C*N2")).containsExactly("#chan2");
            assertThat(list(c, "#ch*")).containsExactlyInAnyOrder("#chan1", "#chan2");
            assertThat(list(c, "*an3")).isEmpty();
            assertThat(list(c, "!*an1")).containsExactly("#chan2");
            assertThat(list(c, "!#ch*")).isEmpty();
            // U: user count
            assertThat(list(c, ">0")).containsExactlyInAnyOrder("#chan1", "#chan2");
            assertThat(list(c, ">1")).containsExactly("#chan2");
            assertThat(list(c, "<2")).containsExactly("#chan1");
            assertThat(list(c, "<1")).isEmpty();
            // C: created less / more than n minutes ago
            assertThat(list(c, "C<10")).containsExactlyInAnyOrder("#chan1", "#chan2");
            assertThat(list(c, "C>10")).isEmpty();
            assertThat(list(c, "C<0")).isEmpty();
            // T: topic set less / more than n minutes ago; a channel without a topic has no topic time
            assertThat(list(c, "T<10")).containsExactly("#chan1");
            assertThat(list(c, "T>10")).isEmpty();
            // conditions combine
            assertThat(list(c, "#ch*,>1,C<10")).containsExactly("#chan2");
        }
    }

    @Test
    void infoLinksAndHelp() {
        String name = server.server.config().name();
        try (IrcTestClient a = server.register("nick")) {
            a.send("INFO");
            a.expect("371", "nick");
            a.expect("374", "nick");
            a.send("INFO no.such.server");
            a.expect("402", "nick", "no.such.server");
            a.send("INFO " + name);
            a.expect("374", "nick");

            a.send("LINKS");
            Message link = a.expect("364", "nick", name, name);
            assertThat(link.last()).startsWith("0 ");
            a.expect("365", "nick", "*");

            for (String verb : List.of("HELP", "HELPOP")) {
                a.send(verb);
                a.expect("704", "nick", "*");
                a.expect("705", "nick", "*");
                a.expect("706", "nick", "*");
                a.send(verb + " privmsg");
                assertThat(a.expect("704", "nick", "privmsg").last()).startsWith("PRIVMSG <target>");
                a.expect("705", "nick", "privmsg");
                a.expect("706", "nick", "privmsg");
                a.send(verb + " THISISNOTACOMMAND");
                a.expect("524", "nick", "THISISNOTACOMMAND");
            }
        }
    }

    @Test
    void everyCommandHasAHelpTopic() {
        java.util.Map<String, List<String>> topics = chatjar.server.handlers.InfoHandlers.helpTopics();
        server.<Void>onLoop(s -> {
            for (String verb : List.of("PRIVMSG", "WHOWAS", "LIST", "NAMES", "INFO", "LINKS", "HELP", "MONITOR", "KICK")) {
                assertThat(s.commands().find(verb)).as(verb).isNotNull();
                assertThat(topics).as("help for " + verb).containsKey(verb);
            }
            return null;
        });
    }
}
