package chatjar.store.redis;

import chatjar.cluster.RedisServer;
import chatjar.store.HistoryQuery;
import chatjar.store.MsgIds;
import chatjar.store.Retention;
import chatjar.store.StoredEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static chatjar.store.Await.event;
import static chatjar.store.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What only a store shared by several nodes has: node numbers, late events, retention in Redis, Redis away. */
@Timeout(60)
class RedisStoreTest {
    static final long T0 = 1_780_000_000_000L;
    RedisServer redis;
    final List<RedisStore> stores = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        redis = new RedisServer();
    }

    @AfterEach
    void stop() {
        for (RedisStore s : stores) s.close();
        if (redis != null) redis.close();
    }

    RedisStore open(String node, Retention retention) throws Exception {
        RedisStore s = RedisStore.open(RedisHistoryStoreTest.options(redis, node).withRetention(retention));
        stores.add(s);
        return s;
    }

    static List<String> texts(RedisHistoryStore h, HistoryQuery q) {
        List<StoredEvent> events = result((on, done) -> h.query(q, on, done));
        return events.stream().map(StoredEvent::params).toList();
    }

    @Test
    void everyNodeHasItsOwnNumberKeptAcrossRestartsAndTheirMsgidsNeverCollide() throws Exception {
        RedisStore a = open("a", Retention.FOREVER), b = open("b", Retention.FOREVER);
        assertThat(a.nodeNumber()).isNotEqualTo(b.nodeNumber());
        assertThat(a.history().node()).isEqualTo(a.nodeNumber());
        MsgIds ia = new MsgIds(a.nodeNumber(), 0), ib = new MsgIds(b.nodeNumber(), 0);
        Set<Long> seen = new HashSet<>();
        long last = 0;
        for (int i = 0; i < 40_000; i++) { // the same milliseconds on both nodes, past the counter's 32,768
            long now = T0 + i / 10_000;
            assertThat(seen.add(ia.next(now))).isTrue();
            assertThat(seen.add(last = ib.next(now))).isTrue();
        }
        b.history().append(event("#x", last, "b's last"));
        stores.remove(b);
        b.close();
        RedisStore again = open("b", Retention.FOREVER);
        assertThat(again.nodeNumber()).isEqualTo(b.nodeNumber());
        assertThat(again.history().lastSeq()).isEqualTo(last); // a restarted node issues above what it stored
        assertThat(new MsgIds(again.nodeNumber(), again.history().lastSeq()).next(T0)).isGreaterThan(last);
    }

    @Test
    void aLateEventFromAnotherNodeTakesItsPlaceAndRepeatsAreIgnored() throws Exception {
        RedisStore a = open("a", Retention.FOREVER), b = open("b", Retention.FOREVER);
        MsgIds ia = new MsgIds(a.nodeNumber(), 0), ib = new MsgIds(b.nodeNumber(), 0);
        long a1 = ia.next(T0), b1 = ib.next(T0), a2 = ia.next(T0 + 1), b2 = ib.next(T0 + 5), a3 = ia.next(T0 + 9);
        for (long s : new long[] {a1, a2, a3}) a.history().append(event("#x", s, MsgIds.format(s)));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.history().stats().persisted() == 3);
        // b's clock or pipeline was behind: its events reach Redis after later ones of a.
        b.history().append(event("#x", b2, MsgIds.format(b2)));
        b.history().append(event("#x", b1, MsgIds.format(b1)));
        b.history().append(event("#x", a2, "a2 again")); // the same seq twice: kept once
        await().atMost(Duration.ofSeconds(10)).until(() -> b.history().stats().persisted() == 3);
        List<String> inOrder = List.of(a1, b1, a2, b2, a3).stream().map(MsgIds::format).toList();
        for (RedisStore s : List.of(a, b)) {
            assertThat(texts(s.history(), HistoryQuery.latest("#x", null, 10))).isEqualTo(inOrder);
        }
        assertThat(texts(b.history(), HistoryQuery.before("#x", chatjar.store.Ref.msgid(MsgIds.format(b2)), 2)))
                .isEqualTo(inOrder.subList(1, 3));
        assertThat(b.history().stats().notPersisted()).isZero();
        // Repeats in later batches, of the newest entry and of one in the middle: each kept once.
        a.history().append(event("#x", a3, "a3 again"));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.history().stats().persisted() == 4);
        b.history().append(event("#x", b1, "b1 again"));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.history().stats().persisted() == 4);
        assertThat(texts(a.history(), HistoryQuery.latest("#x", null, 10))).isEqualTo(inOrder);
        assertThat(a.history().stats().writeErrors() + b.history().stats().writeErrors()).isZero();
    }

    @Test
    void retentionByAgeAndByLinesPerTarget() throws Exception {
        RedisStore s = open("a", new Retention(60_000, 3));
        RedisHistoryStore h = s.history();
        MsgIds ids = new MsgIds(s.nodeNumber(), 0);
        long now = System.currentTimeMillis();
        h.append(event("#old", ids.next(now - 120_000), "gone"));
        h.append(event("#old", ids.next(now - 110_000), "gone"));
        h.append(event("#x", ids.next(now - 100_000), "too old"));
        for (int i = 0; i < 5; i++) h.append(event("#x", ids.next(now), "m" + i));
        Long removed = result((on, done) -> h.purge(on, done));
        // #old entirely (2), the old event of #x (1), and #x down to its 3 newest (2). The stream may also have
        // been capped on the way in (MAXLEN ~ is approximate, so only "at most").
        assertThat(removed).isBetween(1L, 5L);
        assertThat(texts(h, HistoryQuery.latest("#x", null, 10))).containsExactly("m2", "m3", "m4");
        assertThat(texts(h, HistoryQuery.latest("#old", null, 10))).isEmpty();
        List<chatjar.store.TargetActivity> active = result((on, done) -> h.targets(null, List.of("#old", "#x"), 0, now + 60_000, 10, on, done));
        assertThat(active).extracting(chatjar.store.TargetActivity::target).containsExactly("#x");
    }

    @Test
    void whileRedisIsAwayChatGoesOnAndTheBacklogIsWrittenWhenItReturns() throws Exception {
        RedisStore s = open("a", Retention.FOREVER);
        RedisHistoryStore h = s.history();
        MsgIds ids = new MsgIds(s.nodeNumber(), 0);
        redis.kill();
        for (int i = 0; i < 3; i++) assertThat(h.append(event("#x", ids.next(System.currentTimeMillis()), "m" + i))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> h.stats().writeErrors() > 0);
        assertThat(h.stats().queued()).isEqualTo(3);
        assertThat(h.stats().lastError()).isNotNull();
        CompletableFuture<Throwable> failed = new CompletableFuture<>(); // a query fails, it does not hang
        h.query(HistoryQuery.latest("#x", null, 10), Runnable::run, (v, err) -> failed.complete(err));
        assertThat(failed.get(10, TimeUnit.SECONDS)).isNotNull();

        redis.start(); // back, empty (no AOF in tests): scripts are loaded again, the backlog written
        await().atMost(Duration.ofSeconds(15)).until(() -> h.stats().persisted() == 3);
        assertThat(h.stats().queued()).isZero();
        assertThat(texts(h, HistoryQuery.latest("#x", null, 10))).containsExactly("m0", "m1", "m2");
    }

    @Test
    void aFullQueueRefusesAndCountsInsteadOfGrowing() throws Exception {
        RedisStore s = RedisStore.open(RedisHistoryStoreTest.options(redis, "a").withQueueCapacity(5));
        stores.add(s);
        MsgIds ids = new MsgIds(s.nodeNumber(), 0);
        List<Boolean> signals = java.util.Collections.synchronizedList(new ArrayList<>());
        s.history().onPressure(Runnable::run, signals::add); // the server slows its senders on these
        redis.kill();
        int accepted = 0;
        for (int i = 0; i < 8; i++) if (s.history().append(event("#x", ids.next(T0), "m" + i))) accepted++;
        assertThat(accepted).isEqualTo(5);
        assertThat(s.history().stats().notPersisted()).isEqualTo(3);
        assertThat(s.history().stats().behind()).isTrue();
        assertThat(signals).containsExactly(true);
        redis.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> s.history().stats().persisted() == 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> signals.size() == 2);
        assertThat(signals).containsExactly(true, false);
        assertThat(s.history().stats().behind()).isFalse();
    }

    /** A redis-server with the append-only file, as docs/cluster.md tells operators to run it. */
    static Process aofRedis(java.nio.file.Path dir, int port) throws Exception {
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "yes", "--appendfsync", "everysec", "--dir", dir.toString(), "--loglevel", "warning")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (java.net.Socket sock = new java.net.Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return p;
    }

    static boolean aofWritten(String uri) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri);
        try (var c = client.connect()) {
            String info = c.sync().info("persistence");
            return info.contains("aof_buffer_length:0") && info.contains("aof_pending_bio_fsync:0")
                    && info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void withAofAKilledRedisComesBackWithHistoryAndAccounts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String uri = "redis://127.0.0.1:" + port;
        Process p = aofRedis(dir, port);
        try {
            RedisStore s = RedisStore.open(RedisStore.Options.defaults(uri, "a").withScramIterations(chatjar.store.scram.Scram.MIN_ITERATIONS));
            MsgIds ids = new MsgIds(s.nodeNumber(), 0);
            for (int i = 0; i < 3; i++) s.history().append(event("#x", ids.next(System.currentTimeMillis()), "m" + i));
            Boolean created = result((on, done) -> s.accounts().create("ann", "Ann", "pw-ann".toCharArray(), on, done));
            assertThat(created).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> s.history().stats().persisted() == 3);
            // kill -9 once Redis has written what it acknowledged to the AOF (with everysec it may hold writes back
            // while an fsync is slow, as its first one after start can be here).
            await().atMost(Duration.ofSeconds(10)).until(() -> aofWritten(uri));
            p.destroyForcibly().waitFor();
            s.close();
            p = aofRedis(dir, port);
            RedisStore again = RedisStore.open(RedisStore.Options.defaults(uri, "a"));
            stores.add(again);
            assertThat(again.nodeNumber()).isEqualTo(s.nodeNumber());
            assertThat(texts(again.history(), HistoryQuery.latest("#x", null, 10))).containsExactly("m0", "m1", "m2");
            chatjar.store.Account ann = result((on, done) -> again.accounts().verify("ann", "pw-ann".toCharArray(), on, done));
            assertThat(ann).isNotNull();
            assertThat(ann.display()).isEqualTo("Ann");
        } finally {
            for (RedisStore st : stores) st.close();
            stores.clear();
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void twoNodesWritingOneChannelOutOfOrderLeaveItSortedAndWhole() throws Exception {
        RedisStore a = open("a", Retention.FOREVER), b = open("b", Retention.FOREVER);
        MsgIds ia = new MsgIds(a.nodeNumber(), 0), ib = new MsgIds(b.nodeNumber(), 0);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<Long> all = new ArrayList<>();
        List<StoredEvent> fromA = new ArrayList<>(), fromB = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) { // a busy channel on both nodes, ids as each node issued them
            long now = T0 + i / 100;
            long sa = ia.next(now), sb = ib.next(now);
            all.add(sa);
            all.add(sb);
            fromA.add(event("#busy", sa, MsgIds.format(sa)));
            fromB.add(event("#busy", sb, MsgIds.format(sb)));
        }
        // Each node's batches reach Redis in turn, each run late against the other's; a's own are a little out
        // of order too (late against themselves).
        for (int i = 0; i < fromA.size(); i += 1 + random.nextInt(200)) {
            java.util.Collections.swap(fromA, i, Math.min(fromA.size() - 1, i + random.nextInt(50)));
        }
        int ai = 0, bi = 0;
        while (ai < fromA.size() || bi < fromB.size()) {
            int n = 1 + random.nextInt(300);
            for (int k = 0; k < n && ai < fromA.size(); k++) a.history().append(fromA.get(ai++));
            int aDone = ai;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> a.history().stats().persisted() == aDone);
            n = 1 + random.nextInt(300);
            for (int k = 0; k < n && bi < fromB.size(); k++) b.history().append(fromB.get(bi++));
            int bDone = bi;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> b.history().stats().persisted() == bDone);
        }
        all.sort(null);
        List<String> expected = all.stream().map(MsgIds::format).toList();
        List<String> read = new ArrayList<>();
        List<StoredEvent> page = result((on, done) -> b.history().query(HistoryQuery.latest("#busy", null, 100), on, done));
        while (!page.isEmpty()) { // page back to the start, as a client would
            read.addAll(0, page.stream().map(StoredEvent::params).toList());
            String first = page.get(0).msgid();
            page = result((on, done) -> b.history().query(HistoryQuery.before("#busy", chatjar.store.Ref.msgid(first), 100), on, done));
        }
        assertThat(read).isEqualTo(expected);
        assertThat(a.history().stats().notPersisted() + b.history().stats().notPersisted()).isZero();

        // One more than the cap of later entries to move: not stored, counted (a clock far behind the others').
        long tooLate = new MsgIds(a.nodeNumber(), 0).next(T0 - 1);
        a.history().append(event("#busy", tooLate, "from a slow clock"));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.history().stats().notPersisted() == 1);
        assertThat(texts(a.history(), HistoryQuery.before("#busy", chatjar.store.Ref.msgid(expected.get(0)), 10))).isEmpty();
    }
}
