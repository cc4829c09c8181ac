package chatjar.cluster.redis;

import chatjar.cluster.Wire;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;

/** Opening the two Redis connections a node uses (commands, pub/sub) and claiming its name: start-up only. */
final class RedisConnector {
    private RedisConnector() {}

    record Connected(ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> conn,
                     StatefulRedisPubSubConnection<String, String> sub) { }

    /** Blocking, before the loop serves; one-line {@link IllegalStateException}s for what an operator can fix. */
    static Connected open(RedisNetwork.Options options) {
        RedisURI uri;
        try {
            uri = RedisURI.create(options.uri());
            uri.setTimeout(Duration.ofMillis(Math.max(1000, options.timeoutMillis())));
        } catch (RuntimeException e) {
            throw new IllegalStateException("invalid --cluster URI " + redact(options.uri()) + ": " + e.getMessage());
        }
        // Two I/O threads are plenty for two connections; reconnects are retried quickly but never more than
        // twice a second, so a node rejoins soon after Redis is back.
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2, java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While Redis is away nothing queues up: claims fail at once, and events are not kept for later.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(100_000)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build());
        try {
            StatefulRedisConnection<String, String> conn = client.connect();
            Long free = conn.sync().eval(Scripts.RESET, ScriptOutputType.INTEGER, new String[0], RedisNetwork.PREFIX, options.node());
            if (free == null || free == 0) {
                conn.close();
                shutdown(client, resources);
                throw new IllegalStateException("cluster node name '" + options.node() + "' is in use by a running "
                        + "node (or one that stopped less than " + options.timeoutMillis() / 1000.0 + " s ago)");
            }
            conn.sync().publish(RedisNetwork.CHANNEL, Wire.reset(options.node()));
            StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
            return new Connected(resources, client, conn, sub);
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            shutdown(client, resources);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot reach Redis at " + redact(options.uri()) + " for --cluster: "
                    + cause.getMessage());
        }
    }

    /** The URI without a password, for logs and messages. */
    static String redact(String uri) {
        return chatjar.store.redis.RedisStore.redact(uri);
    }

    static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
