package chatjar.server;

import chatjar.state.Client;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/** A client that never reads sits in a busy channel: it is dropped at its sendq, and nobody else notices. */
@Timeout(120)
class SlowConsumerTest {
    private static final long SENDQ = 32 * 1024;

    @Test
    void clientThatNeverReadsIsDroppedAndOthersKeepReceiving() throws IOException {
        ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().toBuilder()
                .sendqBytes(SENDQ).floodBurst(0).build());
        try (TestServer server = new TestServer(config);
             IrcTestClient talker = server.register("talker");
             IrcTestClient reader = server.register("reader");
             Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096); // before connect, so the TCP window stays small
            slow.connect(new InetSocketAddress("127.0.0.1", server.port));
            OutputStream out = slow.getOutputStream();
            out.write("NICK slow\r\nUSER slow 0 * :never reads\r\nJOIN #busy\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            talker.send("JOIN #busy");
            reader.send("JOIN #busy");
            reader.expect("366");
            talker.expect("JOIN", "#busy");
            talker.sync();

            // Batches stay well under the sendq: output is queued for a whole loop turn before it is flushed, so
            // a sendq smaller than what one turn can queue would drop even a fast reader.
            String text = "x".repeat(400);
            long maxPending = 0;
            int sent = 0;
            while (server.onLoop(s -> s.users().find("slow")) != null) {
                if (sent >= 40_000) fail("slow client was never dropped; pending " + maxPending);
                for (int i = 0; i < 20; i++) talker.send("PRIVMSG #busy :" + (++sent) + " " + text);
                // The reader is served at every step, in order, however far behind the slow one is.
                String want = sent + " " + text;
                reader.expectMatch(m -> m.command().equals("PRIVMSG") && want.equals(m.last()), "message " + sent);
                Long pending = server.onLoop(s -> {
                    Client c = s.users().find("slow");
                    return c == null ? 0L : LocalUser.of(c).link.pendingBytes();
                });
                maxPending = Math.max(maxPending, pending);
            }
            assertThat(maxPending).as("server-side queue for the slow client").isLessThanOrEqualTo(SENDQ + 512);
            // The QUIT may sit among the last batch's messages, so look at the whole transcript.
            for (IrcTestClient peer : new IrcTestClient[]{reader, talker}) {
                await().atMost(IrcTestClient.TIMEOUT).until(() -> peer.allLines().stream()
                        .anyMatch(l -> l.startsWith(":slow!") && l.endsWith(" QUIT :SendQ exceeded")));
            }
            assertThat(server.<Integer>onLoop(s -> s.channels().find("#busy").size())).isEqualTo(2);
            // Service goes on for everyone else.
            talker.send("PRIVMSG #busy :after");
            reader.expect("PRIVMSG", "#busy", "after");
        }
    }
}
