package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class MonitorWhoxTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void monitorFollowsSignOnNickChangeAndSignOff() {
        try (IrcTestClient w = CapClients.register(server, "watcher", "extended-monitor away-notify")) {
            w.send("MONITOR + pal,Ghost");
            w.expect("731", "watcher", "pal,Ghost");
            try (IrcTestClient pal = server.register("pal")) {
                w.expect("730", "watcher", "pal!~pal@127.0.0.1");
                pal.send("AWAY :brb"); // extended-monitor: no shared channel, still told
                w.expect("AWAY", "brb");
                pal.send("NICK ghost");
                w.expect("731", "watcher", "pal");
                w.expect("730", "watcher", "ghost!~pal@127.0.0.1");
                w.send("MONITOR L");
                Message list = w.expect("732");
                assertThat(list.last().split(",")).containsExactlyInAnyOrder("pal", "ghost");
                w.expect("733");
                w.send("MONITOR S");
                w.expect("730", "watcher", "ghost!~pal@127.0.0.1");
                w.expect("731", "watcher", "pal");
                pal.send("QUIT");
                w.expect("731", "watcher", "ghost");
            }
            w.send("MONITOR - pal");
            w.send("MONITOR L");
            assertThat(w.expect("732").last()).isEqualTo("ghost");
            w.send("MONITOR C");
            w.send("MONITOR L");
            w.expect("733");
        }
    }

    @Test
    void monitorListIsBounded() {
        try (IrcTestClient w = server.register("greedy")) {
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < Monitor.LIMIT + 5; i++) many.append(i == 0 ? "" : ",").append("n").append(i);
            w.send("MONITOR + " + many);
            Message full = w.expect("734", "greedy", String.valueOf(Monitor.LIMIT));
            assertThat(full.param(2)).startsWith("n" + Monitor.LIMIT + ",");
            assertThat(server.<Integer>onLoop(s -> chatjar.server.LocalUser.of(s.users().find("greedy")).monitored.size())).isEqualTo(Monitor.LIMIT);
        }
    }

    @Test
    void whoxAnswersTheRequestedFieldsInFixedOrder() {
        try (IrcTestClient a = server.register("asker"); IrcTestClient b = server.register("other")) {
            b.send("JOIN #w");
            b.expect("366");
            a.send("WHO #w %rnfat,42");
            Message r = a.expect("354");
            assertThat(r.params()).containsExactly("asker", "42", "other", "H@", "0", "Test other");
            a.expect("315");
            a.send("WHO other %cuhn");
            assertThat(a.expect("354").params()).containsExactly("asker", "*", "~other", "127.0.0.1", "other");
        }
    }
}
