package chatjar.store.redis;

import chatjar.cluster.RedisServer;
import chatjar.store.AccountStore;
import chatjar.store.AccountStoreContract;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The account contract against a real redis-server. */
@Timeout(60)
class RedisAccountStoreTest extends AccountStoreContract {
    RedisServer redis;
    RedisStore store;

    @Override
    protected AccountStore open() throws Exception {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        redis = new RedisServer();
        store = RedisStore.open(RedisHistoryStoreTest.options(redis, "a"));
        return store.accounts();
    }

    @Override
    protected void closeStore() {
        if (store != null) store.close();
        if (redis != null) redis.close();
    }
}
