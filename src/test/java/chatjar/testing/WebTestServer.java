package chatjar.testing;

import chatjar.cli.WebWiring;
import chatjar.net.LineFramer;
import chatjar.net.Listener;
import chatjar.net.reactor.EventLoop;
import chatjar.net.tls.ServerTls;
import chatjar.net.tls.TlsLayer;
import chatjar.server.ChatServer;
import chatjar.server.ServerConfig;
import chatjar.server.Storage;
import chatjar.server.history.HistorySettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * A real server as {@code chat.jar server} composes it with the web on: IRC, HTTP and WebSocket on one port
 * (composed by {@link WebWiring}, like the command), an HTTP-only port, and on request a TLS port with the web
 * above TLS. 127.0.0.1, ephemeral ports.
 */
public final class WebTestServer implements AutoCloseable {
    public final ChatServer server;
    public final EventLoop loop;
    public final WebWiring web;
    /** IRC, plain text, HTTP and WebSocket. */
    public final int port;
    /** HTTP and WebSocket only. */
    public final int httpPort;
    private final Storage storage;

    /** Flood control off, as in {@link TestServer}; the web's defaults. */
    public WebTestServer() {
        this(ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl()),
                WebWiring.Settings.defaults());
    }

    public WebTestServer(WebWiring.Settings settings) {
        this(ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl()), settings);
    }

    public WebTestServer(ServerConfig config, WebWiring.Settings settings) {
        this(new ChatServer(config), settings, null, 0);
    }

    /**
     * With history in {@code storage} (closed with the server), the IRC/web port on {@code port} (0: any), so a
     * test can stop a server and start another on the same port and data, as a restart does.
     */
    public WebTestServer(Storage storage, int port) {
        this(new ChatServer(unmetered(), storage, HistorySettings.defaults()), WebWiring.Settings.defaults(), storage,
                port);
    }

    private static ServerConfig unmetered() {
        return ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl());
    }

    private WebTestServer(ChatServer server, WebWiring.Settings settings, Storage storage, int fixedPort) {
        this.storage = storage;
        ServerConfig config = server.config();
        try {
            this.server = server;
            web = new WebWiring(server, settings);
            loop = new EventLoop(web.protocol(server), config.maxFrame());
            web.attach(loop);
            LineFramer.Factory lines = LineFramer.factory(config.maxFrame());
            port = loop.listen(new Listener(new InetSocketAddress("127.0.0.1", fixedPort),
                    List.of(web.shared(false), lines))).getPort();
            httpPort = loop.listen(new Listener(local(), List.of(web.httpOnly(false), lines))).getPort();
            server.start(loop);
            loop.start();
        } catch (IOException e) {
            if (storage != null) storage.close();
            throw new UncheckedIOException(e);
        }
    }

    private static InetSocketAddress local() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    /** A TLS port with the web above TLS (https, wss and IRC over TLS), as the command makes it. */
    public int listenTls(ServerTls tls) {
        try {
            return loop.listen(new Listener(local(), List.of(TlsLayer.factory(tls, 20_000), web.shared(true),
                    LineFramer.factory(server.config().maxFrame())))).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public IrcTestClient connect() {
        return new IrcTestClient(port);
    }

    public IrcTestClient register(String nick) {
        IrcTestClient c = connect();
        c.register(nick);
        return c;
    }

    /** Runs {@code f} on the loop thread (where all server state lives) and returns its result. */
    public <T> T onLoop(Function<ChatServer, T> f) {
        return chatjar.testing.TestServer.onLoop(loop, server, f);
    }

    /**
     * Sends raw bytes on a fresh connection and returns everything the server sent until it closed the
     * connection (or 20 s passed), as ISO-8859-1 text.
     */
    public static String exchange(int port, String request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return readToEnd(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        loop.shutdown(() -> { }, 5000);
        if (storage != null) storage.close();
    }
}
