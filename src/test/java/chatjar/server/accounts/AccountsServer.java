package chatjar.server.accounts;

import chatjar.net.reactor.EventLoop;
import chatjar.server.ChatServer;
import chatjar.server.ServerConfig;
import chatjar.store.AccountStore;
import chatjar.testing.IrcTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.function.Function;

/** A real server with an account store on 127.0.0.1 and an ephemeral port (TestServer has none). */
final class AccountsServer implements AutoCloseable {
    final ChatServer server;
    final EventLoop loop;
    final int port;

    /** The operator block every test server has: {@code OPER admin admin-password}. */
    static final String OPER_HASH = chatjar.server.auth.PasswordHash.hash("admin-password".toCharArray(),
            chatjar.server.auth.PasswordHash.MIN_ITERATIONS);

    AccountsServer(AccountStore store) {
        ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl())
                .withOperators(java.util.List.of(new ServerConfig.Operator("admin", OPER_HASH)));
        chatjar.testing.TestServer running = new chatjar.testing.TestServer(new ChatServer(config, store), 0);
        server = running.server;
        loop = (EventLoop) running.loop;
        port = running.port;
    }

    /** Adds a TLS listener on an ephemeral port; returns the port. */
    int listenTls(java.util.function.Supplier<javax.net.ssl.SSLEngine> engines) {
        try {
            return loop.listen(new chatjar.net.Listener(new InetSocketAddress("127.0.0.1", 0), java.util.List.of(
                    chatjar.net.tls.TlsLayer.factory(engines, 20_000),
                    chatjar.net.LineFramer.factory(server.config().maxFrame())))).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    IrcTestClient connect() {
        return new IrcTestClient(port);
    }

    IrcTestClient register(String nick) {
        return connect().register(nick);
    }

    <T> T onLoop(Function<ChatServer, T> f) {
        return chatjar.testing.TestServer.onLoop(loop, server, f);
    }

    @Override
    public void close() {
        loop.shutdown(() -> { }, 5000);
    }
}
