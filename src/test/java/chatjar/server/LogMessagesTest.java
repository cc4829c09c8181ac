package chatjar.server;

import chatjar.testing.IrcTestClient;
import chatjar.testing.LogCapture;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** --log-messages writes what clients send, but never a line that can carry a password. */
class LogMessagesTest {
    private static ServerConfig loggingMessages() {
        ServerConfig d = ServerConfig.defaults();
        return new ServerConfig(d.name(), d.network(), d.password(), d.motd(), d.defaultChannel(), true,
                d.limits().withoutFloodControl(), d.operators(), d.tls());
    }

    @Test
    void passwordsNeverReachTheLog() {
        try (TestServer server = new TestServer(loggingMessages()); LogCapture log = new LogCapture();
             IrcTestClient irc = server.register("ann")) {
            irc.send("OPER admin hunter2-oper");
            irc.send("PRIVMSG NickServ :IDENTIFY ann hunter2-ns");
            irc.send("PRIVMSG nickserv@chat.local :IDENTIFY ann hunter2-at");
            irc.send("PRIVMSG ann :a visible line");
            irc.sync();
            await().atMost(IrcTestClient.TIMEOUT).until(() -> log.text().contains("a visible line"));
            assertThat(log.text()).contains("OPER (parameters not logged")
                    .doesNotContain("hunter2-oper", "hunter2-ns", "hunter2-at");
        }
    }
}
