package chatjar.store.redis;

import chatjar.store.EventKind;
import chatjar.store.HistoryQuery;
import chatjar.store.MsgIds;
import chatjar.store.StoredEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Figures for docs/cluster.md: events/s persisted into Redis through the store's batches, the loop's append
 * cost, Redis's CPU and memory per event, LATEST latency. The main thread plays the loop. Needs an empty
 * redis-server of its own (it runs FLUSHALL). Not a test; run by hand:
 * <pre>java -cp target/classes:target/test-classes:$(cat target/cp.txt) chatjar.store.redis.RedisStoreBench redis://127.0.0.1:PORT [EVENTS]</pre>
 */
public final class RedisStoreBench {
    private static final int TARGETS = 1000;
    private static final String TEXT = "the quick brown fox jumps over the lazy dog, then asks: is it lunch yet?";

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        RedisClient admin = RedisClient.create(uri);
        StatefulRedisConnection<String, String> info = admin.connect();
        info.sync().flushall();
        double cpu0 = redisCpu(info);
        long mem0 = memory(info);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long jvmCpu0 = os.getProcessCpuTime();
        SplittableRandom random = new SplittableRandom(42);
        try (RedisStore store = RedisStore.open(RedisStore.Options.defaults(uri, "bench"))) {
            RedisHistoryStore h = store.history();
            MsgIds ids = new MsgIds(store.nodeNumber(), h.lastSeq());
            long[] samples = new long[events / 10 + 1];
            long waits = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                while (h.stats().behind()) { // what fakelag would do to senders
                    waits++;
                    LockSupport.parkNanos(100_000);
                }
                String target = "#c" + random.nextInt(TARGETS);
                StoredEvent e = new StoredEvent(target, target, ids.next(System.currentTimeMillis()), EventKind.PRIVMSG,
                        "nick" + random.nextInt(5000) + "!user@10.0." + random.nextInt(256) + "." + random.nextInt(256),
                        random.nextInt(4) == 0 ? "acct" + random.nextInt(1000) : null, null, TEXT);
                long a = System.nanoTime();
                h.append(e);
                if (i % 10 == 0) samples[i / 10] = System.nanoTime() - a;
            }
            long queuedAt = System.nanoTime();
            while (h.stats().persisted() + h.stats().notPersisted() < events) LockSupport.parkNanos(1_000_000);
            long t1 = System.nanoTime();
            double secs = (t1 - t0) / 1e9;
            Arrays.sort(samples);
            double redisCpu = redisCpu(info) - cpu0;
            long jvmCpu = os.getProcessCpuTime() - jvmCpu0;
            System.out.printf("persisted %d of %d events in %.2f s: %.0f events/s (appending took %.2f s; %d back-off waits)%n",
                    h.stats().persisted(), events, secs, events / secs, (queuedAt - t0) / 1e9, waits);
            System.out.printf("append on the loop: p50 %.2f us, p99 %.2f us%n", samples[samples.length / 2] / 1e3,
                    samples[(int) (samples.length * 0.99)] / 1e3);
            System.out.printf("redis CPU %.2f s = %.1f us/event; JVM CPU (bench loop + store) %.2f s%n", redisCpu,
                    redisCpu * 1e6 / events, jvmCpu / 1e9);
            System.out.printf("redis memory %.1f MB = %.0f bytes/event%n", (memory(info) - mem0) / 1e6,
                    (memory(info) - mem0) / (double) events);
            long[] lat = new long[1000];
            for (int i = 0; i < lat.length; i++) {
                String target = "#c" + random.nextInt(TARGETS);
                CompletableFuture<Object> f = new CompletableFuture<>();
                long a = System.nanoTime();
                h.query(HistoryQuery.latest(target, null, 50), Runnable::run, (v, err) -> f.complete(v));
                f.get(10, TimeUnit.SECONDS);
                lat[i] = System.nanoTime() - a;
            }
            Arrays.sort(lat);
            System.out.printf("LATEST 50 of one of 1,000 targets: p50 %.2f ms, p99 %.2f ms%n", lat[500] / 1e6, lat[990] / 1e6);
        }
        info.close();
        admin.shutdown();
    }

    private static double redisCpu(StatefulRedisConnection<String, String> c) {
        String s = c.sync().info("cpu");
        double total = 0;
        for (String line : s.split("\r\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) total += Double.parseDouble(line.substring(line.indexOf(':') + 1));
        }
        return total;
    }

    private static long memory(StatefulRedisConnection<String, String> c) {
        for (String line : c.sync().info("memory").split("\r\n")) {
            if (line.startsWith("used_memory:")) return Long.parseLong(line.substring(12));
        }
        return 0;
    }
}
