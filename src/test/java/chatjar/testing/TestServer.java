package chatjar.testing;

import chatjar.net.Protocol;
import chatjar.net.Transport;
import chatjar.net.reactor.EventLoop;
import chatjar.server.ChatServer;
import chatjar.server.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A real server, in process, on 127.0.0.1 and an ephemeral port. */
public final class TestServer implements AutoCloseable {
    public final ChatServer server;
    public final Transport loop;
    public final int port;
    private final int maxFrame;

    /**
     * Defaults, except flood control is off so transcripts may send as fast as they like; tests of flood
     * control (and of the real defaults) pass a config.
     */
    public TestServer() {
        this(ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl()));
    }

    public TestServer(ServerConfig config) {
        this(config, 0);
    }

    /** On a given port: a client reconnect test restarts "the same" server. */
    public TestServer(ServerConfig config, int port) {
        this(config, port, EventLoop::new);
    }

    /** Makes a transport for the server: the reactor by default; the transport matrix passes the others. */
    public interface TransportFactory {
        Transport create(Protocol protocol, int maxLine) throws IOException;
    }

    /**
     * With {@code -Dchatjar.test.web=true} the reactor's port gets the web layer under its framer, as
     * {@code chat.jar server} has it, so every IRC test also shows the sniffing leaves IRC as it was.
     */
    public TestServer(ServerConfig config, int port, TransportFactory transport) {
        try {
            maxFrame = config.maxFrame();
            server = new ChatServer(config);
            chatjar.cli.WebWiring web = Boolean.getBoolean("chatjar.test.web")
                    ? new chatjar.cli.WebWiring(server, chatjar.cli.WebWiring.Settings.defaults()) : null;
            loop = transport.create(web == null ? server : web.protocol(server), config.maxFrame());
            if (web != null && loop instanceof EventLoop reactor) {
                web.attach(reactor);
                this.port = loop.listen(new chatjar.net.Listener(new InetSocketAddress("127.0.0.1", port),
                        java.util.List.of(web.shared(false), chatjar.net.LineFramer.factory(maxFrame)))).getPort();
            } else {
                this.port = loop.listen(new InetSocketAddress("127.0.0.1", port)).getPort();
            }
            server.start(loop);
            loop.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public IrcTestClient connect() {
        return new IrcTestClient(port);
    }

    /** Connects and registers a client with this nick; returns once the welcome burst has ended. */
    public IrcTestClient register(String nick) {
        IrcTestClient c = connect();
        c.register(nick);
        return c;
    }

    /** Adds a TLS listener on an ephemeral port (the reactor only); returns the port. */
    public int listenTls(java.util.function.Supplier<javax.net.ssl.SSLEngine> engines, long handshakeTimeoutMillis) {
        try {
            return loop.listen(new chatjar.net.Listener(new InetSocketAddress("127.0.0.1", 0), java.util.List.of(
                    chatjar.net.tls.TlsLayer.factory(engines, handshakeTimeoutMillis),
                    chatjar.net.LineFramer.factory(maxFrame)))).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server built elsewhere (with a store, accounts, settings) on the reactor, one plain listener on
     * {@code port} (0: any).
     */
    public TestServer(ChatServer server, int port) {
        try {
            this.server = server;
            this.maxFrame = server.config().maxFrame();
            loop = new EventLoop(server, maxFrame);
            this.port = loop.listen(new InetSocketAddress("127.0.0.1", port)).getPort();
            server.start(loop);
            loop.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code f} on the loop thread (where all server state lives) and returns its result. */
    public <T> T onLoop(Function<ChatServer, T> f) {
        return onLoop(loop, server, f);
    }

    /** Runs {@code f} on {@code loop}'s thread with {@code server} and returns its result (10 s at most). */
    public static <T> T onLoop(chatjar.net.Scheduler loop, ChatServer server, Function<ChatServer, T> f) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(f.apply(server));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        loop.shutdown(() -> { }, 5000);
    }
}
