package chatjar.net;

import chatjar.net.blocking.ThreadPerConnectionTransport;
import chatjar.net.reactor.EventLoop;
import chatjar.server.ServerConfig;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The same chat over every transport: only the transport differs, so the protocol must behave the same. */
@Timeout(60)
class TransportMatrixTest {
    private static TestServer start(String io) {
        ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl());
        return switch (io) {
            case "reactor" -> new TestServer(config, 0, EventLoop::new);
            case "threads" -> new TestServer(config, 0, (p, max) ->
                    new ThreadPerConnectionTransport(p, max, ThreadPerConnectionTransport.platformThreads()));
            default -> {
                Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
                yield new TestServer(config, 0, (p, max) ->
                        new ThreadPerConnectionTransport(p, max, ThreadPerConnectionTransport.virtualThreads()));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "threads", "virtual"})
    void channelChatJoinPartQuit(String io) {
        try (TestServer s = start(io);
             IrcTestClient ann = s.register("ann");
             IrcTestClient bob = s.register("bob")) {
            ann.send("JOIN #t");
            ann.expect("366", "ann", "#t");
            bob.send("JOIN #t");
            bob.expect("366", "bob", "#t");
            ann.expect("JOIN", "#t");
            bob.send("PRIVMSG #t :hello over " + io);
            assertThat(ann.expect("PRIVMSG", "#t").last()).isEqualTo("hello over " + io);
            ann.send("PRIVMSG bob :direct");
            assertThat(bob.expect("PRIVMSG", "bob").last()).isEqualTo("direct");
            bob.send("QUIT :bye");
            bob.expectClosed();
            assertThat(ann.expect("QUIT").last()).contains("bye");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "threads", "virtual"})
    void peerThatVanishesIsReportedOnceAndOthersCarryOn(String io) {
        try (TestServer s = start(io);
             IrcTestClient ann = s.register("ann")) {
            IrcTestClient gone = s.register("gone");
            gone.send("JOIN #t");
            gone.expect("366");
            ann.send("JOIN #t");
            ann.expect("366");
            gone.close();
            ann.expect("QUIT");
            ann.sync();
            assertThat(ann.unread()).noneMatch(l -> l.contains(" QUIT "));
            int count = s.onLoop(srv -> srv.users().count());
            assertThat(count).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"threads", "virtual"})
    void unknownVirtualSupportIsReportedClearly(String io) {
        if (Runtime.version().feature() >= 21) return;
        if (io.equals("virtual")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(ThreadPerConnectionTransport::virtualThreads)
                    .hasMessageContaining("Java 21");
        } else {
            assertThat(ThreadPerConnectionTransport.platformThreads().newThread(() -> { })).isNotNull();
        }
    }
}
