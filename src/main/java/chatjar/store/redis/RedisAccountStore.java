package chatjar.store.redis;

import chatjar.store.Account;
import chatjar.store.AccountStore;
import chatjar.store.Completion;
import chatjar.store.scram.Scram;
import chatjar.store.scram.ScramCredentials;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Accounts in Redis hashes, shared by every node: an account registered on one node logs in on any other. Every
 * change that must check and write together (the name is free, the nick or fingerprint is not another's) is one
 * script, so two nodes racing for a name get one winner. PBKDF2 runs on the store's own {@code accounts-redis}
 * worker (bounded queue, a call fails at once when it is full), never on the loop or Lettuce's thread. Layout in
 * {@link Scripts}.
 */
public final class RedisAccountStore implements AccountStore, AutoCloseable {
    private static final String P = RedisStore.PREFIX;
    private static final Lua CREATE = new Lua("""
            local P, name = ARGV[1], ARGV[2]
            if redis.call('EXISTS', P .. 'acct:' .. name) == 1 then return 0 end
            local owner = redis.call('HGET', P .. 'acct-nicks', name)
            if owner and owner ~= name then return 0 end
            redis.call('HSET', P .. 'acct:' .. name, 'display', ARGV[3], 'created', ARGV[4], 'scram', ARGV[5], 'nick:' .. name, '1')
            redis.call('HSET', P .. 'acct-nicks', name, name)
            redis.call('ZADD', P .. 'acct-names', 0, name)
            return 1
            """);
    private static final Lua SET_PASSWORD = new Lua("""
            if redis.call('EXISTS', ARGV[1] .. 'acct:' .. ARGV[2]) == 0 then return 0 end
            redis.call('HSET', ARGV[1] .. 'acct:' .. ARGV[2], 'scram', ARGV[3])
            return 1
            """);
    private static final Lua DROP = new Lua("""
            local P, name = ARGV[1], ARGV[2]
            local key = P .. 'acct:' .. name
            if redis.call('EXISTS', key) == 0 then return 0 end
            for _, f in ipairs(redis.call('HKEYS', key)) do
              local index
              if string.sub(f, 1, 5) == 'nick:' then index = 'acct-nicks' elseif string.sub(f, 1, 5) == 'cert:' then index = 'acct-certs' end
              if index then
                local v = string.sub(f, 6)
                if redis.call('HGET', P .. index, v) == name then redis.call('HDEL', P .. index, v) end
              end
            end
            redis.call('DEL', key)
            redis.call('ZREM', P .. 'acct-names', name)
            return 1
            """);
    /** Nick or certificate ownership: ARGV prefix, name, index ('acct-nicks'/'acct-certs'), field prefix, value. */
    private static final Lua CLAIM = new Lua("""
            local P, name, index, v = ARGV[1], ARGV[2], ARGV[3], ARGV[5]
            if redis.call('EXISTS', P .. 'acct:' .. name) == 0 then return 0 end
            local owner = redis.call('HGET', P .. index, v)
            if owner and owner ~= name then return 0 end
            redis.call('HSET', P .. index, v, name)
            redis.call('HSET', P .. 'acct:' .. name, ARGV[4] .. v, '1')
            return 1
            """);
    private static final Lua RELEASE = new Lua("""
            local P, name, index, v = ARGV[1], ARGV[2], ARGV[3], ARGV[5]
            if redis.call('HGET', P .. index, v) ~= name then return 0 end
            redis.call('HDEL', P .. index, v)
            redis.call('HDEL', P .. 'acct:' .. name, ARGV[4] .. v)
            return 1
            """);

    private final RedisAsyncCommands<String, String> redis;
    private final int iterations;
    private final ThreadPoolExecutor worker;

    RedisAccountStore(RedisAsyncCommands<String, String> redis, int iterations) {
        this.redis = redis;
        this.iterations = iterations;
        this.worker = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "accounts-redis");
            t.setDaemon(true);
            return t;
        });
        worker.allowCoreThreadTimeOut(true);
    }

    @Override
    public void create(String name, String display, char[] password, Executor on, Completion<Boolean> done) {
        char[] pw = take(password);
        hashed(() -> {
            try {
                return Scram.derive(pw, iterations);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, c -> CREATE.<Long>run(redis, ScriptOutputType.INTEGER, P, name, display, Long.toString(System.currentTimeMillis()),
                c.encode()).thenApply(RedisAccountStore::yes), on, done);
    }

    @Override
    public void importCredentials(String name, String display, ScramCredentials credentials, Executor on, Completion<Boolean> done) {
        answer(CREATE.<Long>run(redis, ScriptOutputType.INTEGER, P, name, display, Long.toString(System.currentTimeMillis()),
                credentials.encode()).thenApply(RedisAccountStore::yes), on, done);
    }

    @Override
    public void get(String name, Executor on, Completion<Account> done) {
        answer(load(name), on, done);
    }

    @Override
    public void verify(String name, char[] password, Executor on, Completion<Account> done) {
        char[] pw = take(password);
        load(name).whenComplete((a, err) -> {
            if (err != null) {
                Arrays.fill(pw, '\0');
                on.execute(() -> done.complete(null, Lua.unwrap(err)));
                return;
            }
            work(() -> {
                try {
                    return a != null && Scram.verifyPassword(a.credentials(), pw) ? a : null;
                } finally {
                    Arrays.fill(pw, '\0');
                }
            }, on, done);
        });
    }

    @Override
    public void setPassword(String name, char[] password, Executor on, Completion<Boolean> done) {
        char[] pw = take(password);
        hashed(() -> {
            try {
                return Scram.derive(pw, iterations);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, c -> SET_PASSWORD.<Long>run(redis, ScriptOutputType.INTEGER, P, name, c.encode()).thenApply(RedisAccountStore::yes), on, done);
    }

    @Override
    public void drop(String name, Executor on, Completion<Boolean> done) {
        answer(DROP.<Long>run(redis, ScriptOutputType.INTEGER, P, name).thenApply(RedisAccountStore::yes), on, done);
    }

    @Override
    public void list(Executor on, Completion<List<String>> done) {
        answer(call(() -> redis.zrange(P + "acct-names", 0, -1)), on, done);
    }

    @Override
    public void addCertificate(String name, String fingerprint, Executor on, Completion<Boolean> done) {
        answer(CLAIM.<Long>run(redis, ScriptOutputType.INTEGER, P, name, "acct-certs", "cert:", fingerprint).thenApply(RedisAccountStore::yes), on, done);
    }

    @Override
    public void removeCertificate(String name, String fingerprint, Executor on, Completion<Boolean> done) {
        answer(RELEASE.<Long>run(redis, ScriptOutputType.INTEGER, P, name, "acct-certs", "cert:", fingerprint).thenApply(RedisAccountStore::yes), on, done);
    }

    @Override
    public void findByCertificate(String fingerprint, Executor on, Completion<Account> done) {
        answer(call(() -> redis.hget(P + "acct-certs", fingerprint))
                .thenCompose(owner -> owner == null ? CompletableFuture.completedFuture(null) : load(owner)), on, done);
    }

    @Override
    public void claimNick(String name, String nick, Executor on, Completion<Boolean> done) {
        answer(CLAIM.<Long>run(redis, ScriptOutputType.INTEGER, P, name, "acct-nicks", "nick:", nick).thenApply(RedisAccountStore::yes), on, done);
    }

    @Override
    public void releaseNick(String name, String nick, Executor on, Completion<Boolean> done) {
        answer(RELEASE.<Long>run(redis, ScriptOutputType.INTEGER, P, name, "acct-nicks", "nick:", nick).thenApply(RedisAccountStore::yes), on, done);
    }

    @Override
    public void nickOwner(String nick, Executor on, Completion<String> done) {
        answer(call(() -> redis.hget(P + "acct-nicks", nick)), on, done);
    }

    /** The account's hash as an {@link Account}, or null; parsed on Lettuce's thread, not the loop. */
    private CompletionStage<Account> load(String name) {
        return call(() -> redis.hgetall(P + "acct:" + name)).thenApply(h -> parse(name, h));
    }

    static Account parse(String name, Map<String, String> h) {
        if (h == null || h.isEmpty() || h.get("scram") == null) return null;
        List<String> nicks = new ArrayList<>(), certs = new ArrayList<>();
        for (String f : h.keySet()) {
            if (f.startsWith("nick:")) nicks.add(f.substring(5));
            else if (f.startsWith("cert:")) certs.add(f.substring(5));
        }
        nicks.sort(null);
        certs.sort(null);
        return new Account(name, h.getOrDefault("display", name), Long.parseLong(h.getOrDefault("created", "0")),
                ScramCredentials.decode(h.get("scram")), nicks, certs);
    }

    /** A Redis call whose refusal (Redis away: Lettuce throws) becomes a failed stage. */
    private static <T> CompletionStage<T> call(Supplier<CompletionStage<T>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean yes(Long r) {
        return r != null && r == 1L;
    }

    private static char[] take(char[] password) {
        char[] copy = password.clone();
        Arrays.fill(password, '\0');
        return copy;
    }

    /** Derives keys on the worker, then runs {@code write} with them. */
    private <T> void hashed(Supplier<ScramCredentials> derive, java.util.function.Function<ScramCredentials, CompletionStage<T>> write,
                            Executor on, Completion<T> done) {
        try {
            worker.execute(() -> {
                ScramCredentials c;
                try {
                    c = derive.get();
                } catch (RuntimeException e) {
                    on.execute(() -> done.complete(null, e));
                    return;
                }
                answer(write.apply(c), on, done);
            });
        } catch (RejectedExecutionException e) {
            on.execute(() -> done.complete(null, new IllegalStateException("account work is queueing up", e)));
        }
    }

    private <T> void work(Supplier<T> work, Executor on, Completion<T> done) {
        Completion.offload(worker, work, on, done);
    }

    private static <T> void answer(CompletionStage<T> stage, Executor on, Completion<T> done) {
        stage.whenComplete((v, err) -> on.execute(() -> done.complete(err == null ? v : null, err == null ? null : Lua.unwrap(err))));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
