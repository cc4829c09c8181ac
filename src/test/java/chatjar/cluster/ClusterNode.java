package chatjar.cluster;

import chatjar.cluster.redis.RedisNetwork;
import chatjar.net.reactor.EventLoop;
import chatjar.server.ChatServer;
import chatjar.server.ServerConfig;
import chatjar.testing.IrcTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** One chat.jar node of a test cluster: a real server on an ephemeral loopback port, joined to a Redis. */
public final class ClusterNode implements AutoCloseable {
    public final ChatServer server;
    public final EventLoop loop;
    public final RedisNetwork network;
    public final int port;

    public ClusterNode(String redisUri, String name, long timeoutMillis) {
        this(redisUri, name, timeoutMillis, c -> c);
    }

    /** {@code configure} adjusts the config (operators, say); each node's server name is {@code NAME.chat.local}. */
    public ClusterNode(String redisUri, String name, long timeoutMillis, UnaryOperator<ServerConfig> configure) {
        ServerConfig d = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl());
        ServerConfig config = configure.apply(new ServerConfig(name + ".chat.local", d.network(), d.password(), d.motd(),
                d.defaultChannel(), d.logMessages(), d.limits(), d.operators(), d.tls()));
        network = RedisNetwork.connect(new RedisNetwork.Options(redisUri, name, timeoutMillis));
        server = new ChatServer(config);
        network.attach(server);
        try {
            loop = new EventLoop(server, config.maxFrame());
            port = loop.listen(new InetSocketAddress("127.0.0.1", 0)).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start(loop);
        network.start(loop); // as ServerCommand does: before the loop serves the first client
        loop.start();
    }

    public IrcTestClient connect() {
        return new IrcTestClient(port);
    }

    public IrcTestClient register(String nick) {
        IrcTestClient c = connect();
        c.register(nick);
        return c;
    }

    /** Runs {@code f} on the loop thread, where all server state lives. */
    public <T> T onLoop(Function<ChatServer, T> f) {
        return chatjar.testing.TestServer.onLoop(loop, server, f);
    }

    /** Whether a user with this nick is known here (local or mirrored). */
    public boolean knows(String nick) {
        return onLoop(s -> s.users().find(nick) != null);
    }

    /** As kill -9 would leave it: no QUIT published, the heartbeat just stops. */
    public void crash() {
        network.kill();
        loop.shutdown(() -> { }, 2000);
    }

    @Override
    public void close() {
        loop.shutdown(server::shutdownNotice, 2000);
        network.close();
    }
}
