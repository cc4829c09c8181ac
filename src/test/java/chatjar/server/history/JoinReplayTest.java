package chatjar.server.history;

import chatjar.server.Storage;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The last lines of #lobby for someone typing from nc, and nothing unasked for IRC clients. */
@Timeout(30)
class JoinReplayTest {
    private final HistoryServer server = new HistoryServer(Storage.memory(), HistoryServer.unmetered(), HistorySettings.defaults());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPlainTextUserSeesTheLastTenLinesOfTheLobbyAndAnIrcClientDoesNot() {
        try (IrcTestClient bob = server.client("bob", null, null)) {
            bob.send("JOIN #lobby");
            bob.expect("366");
            bob.send("PART #other").send("JOIN #lobby"); // joins and parts are not replayed, and do not eat the ten
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= 12; i++) burst.append("PRIVMSG #lobby :line ").append(i).append("\r\n");
            bob.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            bob.sync();

            try (IrcTestClient nc = new IrcTestClient(server.port)) {
                nc.send("hi all");
                nc.expectText("Last 10 lines in #lobby:");
                for (int i = 3; i <= 12; i++) assertThat(nc.expectText("line " + i)).isEqualTo("<bob> line " + i);
                nc.expectText("End of replay");
                assertThat(nc.allLines()).noneMatch(l -> l.contains("line 2") || l.contains("hi all"));
                bob.expect("PRIVMSG", "#lobby", "hi all");
            }

            try (IrcTestClient irc = new IrcTestClient(server.port)) {
                irc.register("ann");
                irc.send("JOIN #lobby");
                irc.expect("366");
                irc.sync();
                assertThat(irc.allLines()).noneMatch(l -> l.contains("line 1"));
            }
        }
    }

    @Test
    void ircClientsGetTheReplayWhenConfiguredWithTheirOriginalTimes() {
        try (HistoryServer s = new HistoryServer(Storage.memory(), HistoryServer.unmetered(),
                new HistorySettings(2, 10, chatjar.store.Retention.FOREVER, 3_600_000));
             IrcTestClient bob = s.client("bob", null, null);
             IrcTestClient ann = new IrcTestClient(s.port)) {
            bob.send("JOIN #r");
            bob.expect("366");
            bob.send("PRIVMSG #r :first").send("PRIVMSG #r :second").send("PRIVMSG #r :third");
            bob.sync();
            ann.send("CAP REQ :server-time").send("CAP END");
            ann.register("ann");
            ann.send("JOIN #r");
            ann.expect("366");
            assertThat(ann.expect("PRIVMSG", "#r", "second").tags()).containsKey("time");
            ann.expect("PRIVMSG", "#r", "third");
            assertThat(ann.allLines()).noneMatch(l -> l.endsWith(":first"));
        }
    }
}
