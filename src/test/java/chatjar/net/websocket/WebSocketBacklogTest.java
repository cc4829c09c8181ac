package chatjar.net.websocket;

import chatjar.cli.WebWiring;
import chatjar.server.LocalUser;
import chatjar.server.ServerConfig;
import chatjar.testing.IrcTestClient;
import chatjar.testing.WebTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebSocket member of a busy channel with far more of others' messages waiting for it than the HTTP layer's
 * 256 KiB read-pause threshold (below its sendq) is still read: what it says reaches the channel at once, as
 * for a TCP client. Pausing it (as pipelined HTTP requests are paused) made fan-out senders late.
 */
@Timeout(60)
class WebSocketBacklogTest {
    @Test
    void aWebSocketWithALargeBacklogIsStillHeard() throws Exception {
        ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().toBuilder()
                .sendqBytes(4L << 20).floodBurst(0).build());
        try (WebTestServer s = new WebTestServer(config, WebWiring.Settings.defaults());
             IrcTestClient talker = s.register("talker");
             RawWebSocket slow = new RawWebSocket(s.port, 4096, false)) {
            slow.text("NICK slow").text("USER slow 0 * :reads nothing").text("JOIN #busy");
            talker.send("JOIN #busy");
            talker.expect("JOIN", "#busy");
            await().atMost(Duration.ofSeconds(20)).until(() -> s.onLoop(x -> {
                var c = x.users().find("slow");
                return c != null && !c.channels().isEmpty();
            }));
            String text = "z".repeat(400);
            long pending = 0;
            for (int sent = 0; pending < 512 * 1024; ) {
                assertThat(sent).as("a backlog builds up").isLessThan(40_000);
                for (int i = 0; i < 50; i++) talker.send("PRIVMSG #busy :" + (++sent) + " " + text);
                talker.sync();
                pending = s.onLoop(x -> LocalUser.of(x.users().find("slow")).link.pendingBytes());
            }
            // Each line in a read of its own: a pause would be decided after the first and hold the second.
            slow.text("PRIVMSG #busy :heard once");
            talker.expectText("heard once");
            slow.text("PRIVMSG #busy :still heard");
            talker.expectText("still heard");
        }
    }
}
