package chatjar.net;

import chatjar.net.blocking.ThreadPerConnectionTransport;
import chatjar.net.reactor.EventLoop;
import chatjar.server.ServerConfig;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void beforeJava21VirtualThreadsAreRefusedClearly() {
        Assumptions.assumeTrue(Runtime.version().feature() < 21, "Java 21+ has virtual threads: the virtual cases above run on it");
        assertThatThrownBy(ThreadPerConnectionTransport::virtualThreads).hasMessageContaining("Java 21");
        assertThat(ThreadPerConnectionTransport.platformThreads().newThread(() -> { })).isNotNull();
    }

    @Test
    void fromJava21TheVirtualTransportRunsVirtualThreads() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+ (.ci/run runs this class on Temurin 25)");
        Thread t = ThreadPerConnectionTransport.virtualThreads().newThread(() -> { });
        assertThat(Thread.class.getMethod("isVirtual").invoke(t)).isEqualTo(true);
    }

    @Test
    void theThreadTransportRefusesLayersItCannotServe() throws Exception {
        try (ThreadPerConnectionTransport t = new ThreadPerConnectionTransport(link -> null, 512,
                ThreadPerConnectionTransport.platformThreads())) {
            Layer.Factory other = () -> null;
            Listener layered = new Listener(new InetSocketAddress("127.0.0.1", 0), List.of(other, LineFramer.factory(512)));
            assertThatThrownBy(() -> t.listen(layered)).isInstanceOf(IOException.class).hasMessageContaining("only the reactor");
        }
    }
}
