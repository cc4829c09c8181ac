package chatjar.store.sqlite;

import chatjar.store.EventKind;
import chatjar.store.HistoryQuery;
import chatjar.store.MsgIds;
import chatjar.store.Ref;
import chatjar.store.StoredEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The store's figures for docs/store.md: sustained persisted events/s through the writer, start-up time and
 * bytes per event with a million stored, LATEST p99 over 1,000 targets (cold and while writing), and BEFORE
 * paging through 100,000 lines of one target. The main thread plays the loop: it appends and queries, waiting
 * for each answer only to time it. Not a test; run by hand (see docs/store.md):
 * <pre>java -cp target/classes:target/test-classes:$(cat target/cp.txt) chatjar.store.sqlite.StoreBench DIR [EVENTS]</pre>
 */
public final class StoreBench {
    /** -Dtargets=10 for the server fan-out's shape (10 busy channels) instead of 1,000. */
    private static final int TARGETS = Integer.getInteger("targets", 1000);
    /** -Drate=N: appends paced at N a second (0: as fast as the writer takes them). */
    private static final long RATE = Long.getLong("rate", 0);
    private static final String TEXT = "the quick brown fox jumps over the lazy dog, then asks: is it lunch yet?";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/store-bench");
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        if (Files.exists(dir)) try (Stream<Path> s = Files.walk(dir)) {
            s.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
        SqliteOptions options = SqliteOptions.defaults();
        if (Integer.getInteger("linger") != null) options = options.withLinger(Integer.getInteger("linger")); // micros
        SplittableRandom random = new SplittableRandom(42);

        // 1. Sustained writes: 1,000 targets, plus 100,000 lines of one big channel; the loop backs off while behind.
        long seqBig;
        try (SqliteStore store = SqliteStore.open(dir, options)) {
            MsgIds ids = new MsgIds(0, store.history().lastSeq());
            long appendNanos = 0, waits = 0;
            long[] appendSamples = new long[(events + 100_000) / 10 + 1];
            long t0 = System.nanoTime();
            int total = events + 100_000;
            for (int i = 0; i < total; i++) {
                // -Drate=17200: paced like the server's 1.7 M deliveries/s fan-out, so batches are as small as there.
                if (RATE > 0) while (i > (System.nanoTime() - t0) * RATE / 1_000_000_000L) LockSupport.parkNanos(200_000);
                while (store.history().isBehind()) { // what fakelag would do to senders
                    waits++;
                    LockSupport.parkNanos(100_000);
                }
                String target = i % (events / 100_000 + 1) == 0 && i / (events / 100_000 + 1) < 100_000 ? "#big" : "#c" + random.nextInt(TARGETS);
                StoredEvent e = new StoredEvent(target, target, ids.next(System.currentTimeMillis()), EventKind.PRIVMSG,
                        "nick" + random.nextInt(5000) + "!user@10.0." + random.nextInt(256) + "." + random.nextInt(256),
                        random.nextInt(4) == 0 ? "acct" + random.nextInt(1000) : null, null, TEXT);
                long a = System.nanoTime();
                store.history().append(e);
                long took = System.nanoTime() - a;
                appendNanos += took;
                if (i % 10 == 0) appendSamples[i / 10] = took;
            }
            while (store.history().stats().persisted() + store.history().stats().notPersisted() < total) LockSupport.parkNanos(1_000_000);
            double secs = (System.nanoTime() - t0) / 1e9;
            double writerCpu = threadCpu("store-writer") / 1e9;
            System.out.printf("commits: %,d (%.0f events a commit)%n", commits(store), total / (double) commits(store));
            System.out.printf("write: %,d events in %.2f s = %,.0f persisted/s; writer thread CPU %.2f s = %,.0f events"
                            + " per writer CPU-s; append on the loop %.0f ns avg; behind-waits %,d; not persisted %d;"
                            + " write errors %d%n", total, secs, total / secs, writerCpu, total / writerCpu,
                    appendNanos / (double) total, waits, store.history().stats().notPersisted(), store.history().stats().writeErrors());
            report("append on the loop (every 10th)", appendSamples);
            if (args.length > 2 && args[2].equals("write-only")) return;
            seqBig = ids.next(System.currentTimeMillis());
        }
        long bytes = Files.size(dir.resolve(SqliteStore.DB_FILE));
        System.out.printf("size: %,d bytes for %,d events = %.0f bytes/event%n", bytes, events + 100_000, bytes / (double) (events + 100_000));

        // 2. Start-up with everything stored: open until the store can answer.
        long t0 = System.nanoTime();
        try (SqliteStore store = SqliteStore.open(dir, options)) {
            double openMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf("open: %.1f ms with %,d events stored%n", openMs, events + 100_000);

            // 3. LATEST * 100 on random targets, cold rings (every query reads the database).
            long[] cold = new long[5000];
            for (int i = 0; i < cold.length; i++) cold[i] = time(store, HistoryQuery.latest("#c" + random.nextInt(TARGETS), null, 100));
            report("LATEST * 100, database", cold);

            // 3b. The same SQL on this thread with its own connection: the database's share of the time above
            // (the rest is handing over to a reader thread and back, at the mercy of the CPU scheduler).
            try (java.sql.Connection c = SqliteStore.connect(store.file(), options, true)) {
                HistorySql sql = new HistorySql(c);
                long[] direct = new long[5000];
                for (int i = 0; i < direct.length; i++) {
                    long a = System.nanoTime();
                    sql.read("#c" + random.nextInt(TARGETS), new HistoryQuery.Range(0, Long.MAX_VALUE, 100, true));
                    direct[i] = System.nanoTime() - a;
                }
                report("LATEST * 100, SQL alone", direct);
            }

            // 4. The same while the loop writes 20,000 events/s to random targets (rings warm up as they go).
            MsgIds ids = new MsgIds(0, store.history().lastSeq());
            long[] busy = new long[5000];
            long start = System.nanoTime();
            int written = 0;
            for (int i = 0; i < busy.length; i++) {
                long due = (System.nanoTime() - start) * 20_000 / 1_000_000_000L;
                for (; written < due; written++) {
                    String target = "#c" + random.nextInt(TARGETS);
                    store.history().append(new StoredEvent(target, target, ids.next(System.currentTimeMillis()),
                            EventKind.PRIVMSG, "nick!user@host", null, null, TEXT));
                }
                busy[i] = time(store, HistoryQuery.latest("#c" + random.nextInt(TARGETS), null, 100));
            }
            report("LATEST * 100 while writing " + String.format("%,d", written) + " events", busy);

            // 5. BEFORE paging through the big channel, 100 at a time, from the newest back to the first.
            long[] pages = new long[1100];
            int n = 0, lines = 0;
            Ref ref = Ref.msgid(MsgIds.format(seqBig));
            while (n < pages.length) {
                long a = System.nanoTime();
                List<StoredEvent> page = query(store, HistoryQuery.before("#big", ref, 100));
                pages[n++] = System.nanoTime() - a;
                if (page.isEmpty()) break;
                lines += page.size();
                ref = Ref.msgid(page.get(0).msgid());
            }
            report("BEFORE 100 paging " + String.format("%,d", lines) + " lines of #big", Arrays.copyOf(pages, n));
        }
    }

    /** The writer's commit count (a private counter, read reflectively: the bench also runs against older builds). */
    private static long commits(SqliteStore store) {
        try {
            java.lang.reflect.Field w = SqliteStore.class.getDeclaredField("writer");
            w.setAccessible(true);
            Object writer = w.get(store);
            java.lang.reflect.Field b = writer.getClass().getDeclaredField("batches");
            b.setAccessible(true);
            return b.getLong(writer);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    private static long threadCpu(String name) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals(name)) return mx.getThreadCpuTime(t.getThreadId());
        }
        return -1;
    }

    private static long time(SqliteStore store, HistoryQuery q) throws Exception {
        long a = System.nanoTime();
        List<StoredEvent> r = query(store, q);
        if (r.isEmpty()) throw new IllegalStateException("empty answer");
        return System.nanoTime() - a;
    }

    private static List<StoredEvent> query(SqliteStore store, HistoryQuery q) throws Exception {
        CompletableFuture<List<StoredEvent>> f = new CompletableFuture<>();
        store.history().query(q, Runnable::run, (v, e) -> {
            if (e != null) f.completeExceptionally(e);
            else f.complete(v);
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%s: n=%d p50 %.4f ms, p99 %.4f ms, max %.3f ms%n", what, s.length, s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
    }
}
