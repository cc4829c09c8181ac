package chatjar.store.redis;

import chatjar.cluster.RedisServer;
import chatjar.store.HistoryStore;
import chatjar.store.HistoryStoreContract;
import chatjar.store.scram.Scram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The query contract against a real redis-server, read back by a reopened store (nothing cached in between). */
@Timeout(60)
class RedisHistoryStoreTest extends HistoryStoreContract {
    RedisServer redis;

    @BeforeEach
    void startRedis() {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        redis = new RedisServer();
    }

    @AfterEach
    void stopRedis() {
        if (store != null) store.close(); // before Redis goes, so the close has nothing left to flush
        store = null;
        if (redis != null) redis.close();
    }

    static RedisStore.Options options(RedisServer redis, String node) {
        return RedisStore.Options.defaults(redis.uri(), node).withScramIterations(Scram.MIN_ITERATIONS);
    }

    @Override
    protected HistoryStore open() throws Exception {
        return RedisStore.open(options(redis, "a")).history();
    }

    @Override
    protected HistoryStore settled(HistoryStore s) throws Exception {
        s.close(); // flushes the queue
        return open();
    }
}
