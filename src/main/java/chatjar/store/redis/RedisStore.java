package chatjar.store.redis;

import chatjar.store.MsgIds;
import chatjar.store.Retention;
import chatjar.store.StoreStartException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * History and accounts in one Redis, shared by every node of a cluster. {@link #open} is blocking (start-up, before
 * the loop runs): it connects, takes this node's number and reads its msgid floor. After that every call is
 * asynchronous (see {@link RedisHistoryStore}, {@link RedisAccountStore}).
 */
public final class RedisStore implements AutoCloseable {
    static final String PREFIX = "chatjar:";

    /**
     * @param uri            {@code redis://...}, as {@code --cluster}
     * @param node           this node's name (its number is kept under it)
     * @param retention      the purge's rules; {@code maxPerTarget} also caps each stream as it grows (approximately)
     * @param queueCapacity  events waiting to be written at most; past it appends are refused and counted
     * @param scramIterations PBKDF2 rounds for new passwords
     */
    public record Options(String uri, String node, Retention retention, int queueCapacity, int scramIterations) {
        public static Options defaults(String uri, String node) {
            return new Options(uri, node, Retention.FOREVER, 100_000, chatjar.store.scram.Scram.DEFAULT_ITERATIONS);
        }

        public Options withRetention(Retention r) {
            return new Options(uri, node, r, queueCapacity, scramIterations);
        }

        public Options withScramIterations(int n) {
            return new Options(uri, node, retention, queueCapacity, n);
        }

        public Options withQueueCapacity(int n) {
            return new Options(uri, node, retention, n, scramIterations);
        }
    }

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> conn;
    private final RedisHistoryStore history;
    private final RedisAccountStore accounts;
    private final int nodeNumber;

    private RedisStore(Options options, ClientResources resources, RedisClient client,
                       StatefulRedisConnection<String, String> conn, int nodeNumber, long floorSeq) {
        this.resources = resources;
        this.client = client;
        this.conn = conn;
        this.nodeNumber = nodeNumber;
        String where = redact(options.uri());
        this.history = new RedisHistoryStore(conn.async(), where, nodeNumber, floorSeq, options.retention(),
                options.queueCapacity(), this::release);
        this.accounts = new RedisAccountStore(conn.async(), options.scramIterations());
    }

    /** Connects and takes this node's number; one printable line for what an operator can fix. */
    public static RedisStore open(Options options) throws StoreStartException {
        RedisURI uri;
        try {
            uri = RedisURI.create(options.uri());
        } catch (RuntimeException e) {
            throw new StoreStartException(StoreStartException.Reason.IO, "invalid Redis URI " + redact(options.uri()) + ": " + e.getMessage(), e);
        }
        uri.setTimeout(Duration.ofSeconds(5));
        // Lettuce's minimum; the threads only hand answers on.
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While Redis is away commands fail at once: the writer keeps its batch and retries, queries fail.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5)))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build());
        StatefulRedisConnection<String, String> conn;
        List<Object> number;
        try {
            conn = client.connect();
            number = conn.sync().eval(Scripts.NODE_NUMBER, ScriptOutputType.MULTI, new String[0], PREFIX, options.node());
            RedisHistoryStore.loadScripts(conn.sync());
        } catch (RuntimeException e) {
            shutdown(client, resources);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            // The same line as the cluster's own connection would print: the store merely asks first.
            throw new StoreStartException(StoreStartException.Reason.IO, "cannot reach Redis at " + redact(options.uri())
                    + " for --cluster: " + cause.getMessage(), e);
        }
        int n = ((Long) number.get(0)).intValue();
        if (n < 0) {
            conn.close();
            shutdown(client, resources);
            throw new StoreStartException(StoreStartException.Reason.LOCKED, "all " + (MsgIds.MAX_NODE + 1)
                    + " cluster node numbers are held by running nodes: no msgid space left for node '" + options.node() + "'", null);
        }
        String high = (String) number.get(1);
        long floor = high == null || high.isEmpty() ? 0 : Math.max(0, MsgIds.parse(high));
        return new RedisStore(options, resources, client, conn, n, floor);
    }

    public RedisHistoryStore history() {
        return history;
    }

    public RedisAccountStore accounts() {
        return accounts;
    }

    /** This node's number, the node bits of its msgids. */
    public int nodeNumber() {
        return nodeNumber;
    }

    /** Flushes the history queue (bounded wait), then drops the connection. Off the loop. */
    @Override
    public void close() {
        history.close(); // and then release()
    }

    /** After the history's last write: {@code Storage.close()} closes only the history, which calls this. */
    private void release() {
        accounts.close();
        conn.close();
        shutdown(client, resources);
    }

    /** A Redis URI with its password hidden, for logs and error lines. */
    public static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
