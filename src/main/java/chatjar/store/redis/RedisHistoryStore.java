package chatjar.store.redis;

import chatjar.store.Completion;
import chatjar.store.HistoryQuery;
import chatjar.store.HistoryStore;
import chatjar.store.MsgIds;
import chatjar.store.Ranges;
import chatjar.store.Retention;
import chatjar.store.StoreStats;
import chatjar.store.StoredEvent;
import chatjar.store.TargetActivity;
import chatjar.store.memory.Rings;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * History in Redis Streams, one per target, shared by every node. The loop's {@link #append} is a queue offer
 * (and, when the writer is idle, one wake-up); the {@code redis-store} thread takes what is queued and sends it
 * as batches of up to {@value #MAX_BATCH} events, each one script run (so fan-out speed holds: one round trip
 * and one Redis call per batch, not per event), pipelined on one connection. Nothing here waits on Redis: answers
 * come back on Lettuce's thread and are only handed on (to the writer, or to the caller's executor).
 * <p>
 * Queries go through the writer thread after it has sent everything queued before them, so a node reads its own
 * writes. While Redis is away a failed batch is kept and retried (100 ms doubling to 5 s), new events wait in
 * the bounded queue, and what does not fit is refused and counted; once Redis answers the backlog is written.
 */
public final class RedisHistoryStore implements HistoryStore {
    private static final Logger log = LoggerFactory.getLogger(RedisHistoryStore.class);
    static final int MAX_BATCH = 512;
    /** A batch smaller than this waits {@value #LINGER_MICROS} µs for company before it is sent. */
    private static final int LINGER_BELOW = 32;
    private static final long LINGER_MICROS = 500;
    /** How many later entries a late event may move to take its place (clock skew × rate); beyond, it is dropped. */
    static final int LATE_CAP = 2_000;
    private static final int PURGE_SLICE = 256;
    private static final long LOG_EVERY_MILLIS = 60_000;
    private static final Lua APPEND = new Lua(Scripts.APPEND);
    private static final Lua TARGETS = new Lua(Scripts.TARGETS);
    private static final Lua PURGE_OLD = new Lua(Scripts.PURGE_OLD);
    private static final Lua TRIM = new Lua(Scripts.TRIM);
    private static final Lua FORGET = new Lua(Scripts.FORGET);

    private final RedisAsyncCommands<String, String> redis;
    private final String where;
    private final int node;
    private final long floorSeq;
    private final Retention retention;
    private final int capacity;
    private final Runnable onClose;
    private final ScheduledThreadPoolExecutor writer;
    private final ConcurrentLinkedQueue<StoredEvent> queue = new ConcurrentLinkedQueue<>();
    /** Accepted and not yet stored: queued, in flight or waiting for a retry. Bounds memory. */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final AtomicLong persisted = new AtomicLong(), notPersisted = new AtomicLong(), writeErrors = new AtomicLong();
    private volatile String lastError;
    /** Raised at 3/4 of the capacity, lowered at 1/4, as the SQLite writer does. */
    private final AtomicBoolean behind = new AtomicBoolean();
    private volatile Executor pressureOn;
    private volatile Consumer<Boolean> pressureListener;
    private volatile boolean closed;

    // Writer thread only.
    private final ArrayDeque<List<StoredEvent>> failed = new ArrayDeque<>();
    private long retryAtNanos;
    private long backoffMillis;
    private boolean retryScheduled;
    private boolean lingered;
    private long lastLogAt = Long.MIN_VALUE;
    private long lastRefusalLogAt = Long.MIN_VALUE;

    RedisHistoryStore(RedisAsyncCommands<String, String> redis, String where, int node, long floorSeq,
                      Retention retention, int capacity, Runnable onClose) {
        this.redis = redis;
        this.where = where;
        this.node = node;
        this.floorSeq = floorSeq;
        this.retention = retention;
        this.capacity = capacity;
        this.onClose = onClose;
        this.writer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "redis-store");
            t.setDaemon(true);
            return t;
        });
        writer.setRemoveOnCancelPolicy(true);
    }

    /** At start: the scripts whose writes a later read must see (a node reads its own writes, and a forget). */
    static void loadScripts(io.lettuce.core.api.sync.RedisCommands<String, String> redis) {
        APPEND.load(redis);
        FORGET.load(redis);
    }

    // ---- the loop's side ----

    @Override
    public boolean append(StoredEvent event) {
        if (closed || pending.incrementAndGet() > capacity) {
            if (!closed) pending.decrementAndGet();
            notPersisted.incrementAndGet();
            return false;
        }
        queue.offer(event);
        if (pending.get() > capacity * 3 / 4 && !behind.get()) setBehind(true);
        if (!wakeScheduled.get() && wakeScheduled.compareAndSet(false, true)) {
            writer.execute(this::wake);
        }
        return true;
    }

    @Override
    public void query(HistoryQuery query, Executor on, Completion<List<StoredEvent>> done) {
        onWriter(on, done, () -> {
            List<HistoryQuery.Range> ranges = query.ranges();
            List<CompletionStage<List<StreamMessage<String, String>>>> reads = new ArrayList<>(ranges.size());
            for (HistoryQuery.Range r : ranges) reads.add(read(query.target(), r));
            CompletionStage<List<StoredEvent>> all = reads.get(0).thenApply(first -> StreamIds.decode(query.target(), first, ranges.get(0)));
            if (reads.size() > 1) {
                all = all.thenCombine(reads.get(1), (a, second) -> {
                    List<StoredEvent> out = new ArrayList<>(a);
                    out.addAll(StreamIds.decode(query.target(), second, ranges.get(1)));
                    return out;
                });
            }
            answer(all, on, done);
        });
    }

    private CompletionStage<List<StreamMessage<String, String>>> read(String target, HistoryQuery.Range r) {
        if (r.limit() == 0 || r.above() >= r.below() - 1) return java.util.concurrent.CompletableFuture.completedFuture(List.of());
        String key = RedisStore.PREFIX + "hist:" + target;
        Range<String> range = StreamIds.range(r);
        io.lettuce.core.Limit limit = io.lettuce.core.Limit.from(r.limit());
        return r.newest() ? redis.xrevrange(key, range, limit) : redis.xrange(key, range, limit);
    }

    @Override
    public void targets(String account, Collection<String> channels, long fromMillis, long toMillis, int limit,
                        Executor on, Completion<List<TargetActivity>> done) {
        long lo = Math.min(fromMillis, toMillis), hi = Math.max(fromMillis, toMillis);
        long aboveSeq = MsgIds.firstSeqAt(lo + 1) - 1, belowSeq = MsgIds.firstSeqAt(hi);
        List<String> args = new ArrayList<>(5 + channels.size());
        args.add(RedisStore.PREFIX);
        args.add(StreamIds.above(aboveSeq));
        args.add(StreamIds.below(belowSeq));
        args.add(Long.toString(lo));
        args.add(account == null ? "" : account);
        args.addAll(channels);
        onWriter(on, done, () -> answer(TARGETS.<List<Object>>run(redis, ScriptOutputType.MULTI, args.toArray(String[]::new))
                .thenApply(flat -> {
                    List<TargetActivity> out = new ArrayList<>(flat.size() / 3);
                    for (int i = 0; i + 2 < flat.size(); i += 3) {
                        String id = (String) flat.get(i + 1);
                        out.add(new TargetActivity((String) flat.get(i), StreamIds.display((String) flat.get(i + 2)),
                                MsgIds.timeMillis(StreamIds.seq(id))));
                    }
                    out.sort(Rings.BY_TIME);
                    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
                }), on, done));
    }

    @Override
    public void purge(Executor on, Completion<Long> done) {
        long cutoffMs = retention.maxAgeMillis() > 0 ? System.currentTimeMillis() - retention.maxAgeMillis() : 0;
        String minId = cutoffMs > 0 ? StreamIds.id(MsgIds.firstSeqAt(cutoffMs)) : "";
        onWriter(on, done, () -> {
            if (cutoffMs == 0 && retention.maxPerTarget() == 0) {
                on.execute(() -> done.complete(0L, null));
                return;
            }
            purgeOld(cutoffMs, minId, 0, on, done);
        });
    }

    /** Whole targets older than the cutoff first (slice by slice), then the trimming of the rest. */
    private void purgeOld(long cutoffMs, String minId, long removed, Executor on, Completion<Long> done) {
        if (cutoffMs == 0) {
            trim(minId, 0, removed, on, done);
            return;
        }
        PURGE_OLD.<List<Object>>run(redis, ScriptOutputType.MULTI, RedisStore.PREFIX, Long.toString(cutoffMs), Integer.toString(PURGE_SLICE))
                .whenComplete((r, err) -> later(() -> {
                    if (err != null) on.execute(() -> done.complete(null, err));
                    else if ((Long) r.get(1) >= PURGE_SLICE) purgeOld(cutoffMs, minId, removed + (Long) r.get(0), on, done);
                    else trim(minId, 0, removed + (Long) r.get(0), on, done);
                }));
    }

    private void trim(String minId, long from, long removed, Executor on, Completion<Long> done) {
        TRIM.<List<Object>>run(redis, ScriptOutputType.MULTI, RedisStore.PREFIX, Long.toString(from), Integer.toString(PURGE_SLICE),
                        minId, Integer.toString(retention.maxPerTarget()))
                .whenComplete((r, err) -> later(() -> {
                    if (err != null) on.execute(() -> done.complete(null, err));
                    else if ((Long) r.get(1) >= PURGE_SLICE) trim(minId, from + PURGE_SLICE, removed + (Long) r.get(0), on, done);
                    else {
                        long total = removed + (Long) r.get(0);
                        on.execute(() -> done.complete(total, null));
                    }
                }));
    }

    /** One script, sent after the events queued before it (the same connection keeps them in order). */
    @Override
    public void forgetAccount(String account, Executor on, Completion<Long> done) {
        onWriter(on, done, () -> answer(FORGET.<Long>run(redis, ScriptOutputType.INTEGER, RedisStore.PREFIX, account), on, done));
    }

    /** Runs {@code work} on the writer once everything appended before has been sent; errors go to {@code done}. */
    private <T> void onWriter(Executor on, Completion<T> done, Runnable work) {
        later(() -> {
            sendQueued();
            try {
                work.run();
            } catch (RuntimeException e) {
                on.execute(() -> done.complete(null, e));
            }
        }, () -> on.execute(() -> done.complete(null, new IllegalStateException("the history store is closed"))));
    }

    private <T> void answer(CompletionStage<T> stage, Executor on, Completion<T> done) {
        stage.whenComplete((v, err) -> on.execute(() -> done.complete(err == null ? v : null, err == null ? null : Lua.unwrap(err))));
    }

    @Override
    public long lastSeq() {
        return floorSeq;
    }

    @Override
    public int node() {
        return node;
    }

    @Override
    public boolean sharedByNodes() {
        return true;
    }

    @Override
    public void onPressure(Executor on, Consumer<Boolean> listener) {
        pressureOn = on;
        pressureListener = listener;
    }

    private void setBehind(boolean value) {
        if (behind.compareAndSet(!value, value)) {
            Consumer<Boolean> l = pressureListener;
            if (l != null) pressureOn.execute(() -> l.accept(value));
        }
    }

    @Override
    public StoreStats stats() {
        int q = pending.get();
        return new StoreStats(q, capacity, behind.get(), persisted.get(), notPersisted.get(), writeErrors.get(),
                lastError, 0, 0);
    }

    @Override
    public String toString() {
        return "Redis at " + where + ", shared";
    }

    // ---- the writer ----

    private void later(Runnable task) {
        later(task, () -> { });
    }

    private void later(Runnable task, Runnable ifClosed) {
        try {
            writer.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            ifClosed.run();
        }
    }

    /** After an append: a small batch lingers once, so that a trickle of events shares round trips. */
    private void wake() {
        if (!lingered && queue.size() < LINGER_BELOW && !closed) {
            lingered = true;
            writer.schedule(this::wake, LINGER_MICROS, TimeUnit.MICROSECONDS);
            return;
        }
        lingered = false;
        wakeScheduled.set(false);
        sendQueued();
    }

    /** Sends every queued event, in batches, unless earlier batches wait for a retry (Redis away). */
    private void sendQueued() {
        if (!failed.isEmpty()) {
            if (System.nanoTime() - retryAtNanos < 0) return;
            List<List<StoredEvent>> retry = new ArrayList<>(failed);
            failed.clear();
            for (List<StoredEvent> b : retry) send(b);
        }
        while (!queue.isEmpty()) {
            List<StoredEvent> batch = new ArrayList<>(Math.min(MAX_BATCH, queue.size()));
            for (StoredEvent e; batch.size() < MAX_BATCH && (e = queue.poll()) != null; ) batch.add(e);
            send(batch);
        }
    }

    private void send(List<StoredEvent> batch) {
        APPEND.<Long>run(redis, ScriptOutputType.INTEGER, StreamIds.appendArgs(batch, retention.maxPerTarget(), node))
                .whenComplete((dropped, err) -> later(() -> sent(batch, dropped, err), () -> { }));
    }

    private void sent(List<StoredEvent> batch, Long dropped, Throwable err) {
        long now = System.currentTimeMillis();
        if (err != null) {
            writeErrors.incrementAndGet();
            lastError = Lua.unwrap(err).toString();
            failed.add(batch);
            if (!retryScheduled) { // one retry (and one step of back-off) per round, however many batches failed
                retryScheduled = true;
                backoffMillis = backoffMillis == 0 ? 100 : Math.min(5_000, backoffMillis * 2);
                retryAtNanos = System.nanoTime() + backoffMillis * 1_000_000;
                writer.schedule(() -> {
                    retryScheduled = false;
                    sendQueued();
                }, backoffMillis, TimeUnit.MILLISECONDS);
            }
            if (now - lastLogAt >= LOG_EVERY_MILLIS) {
                lastLogAt = now;
                log.warn("history write to Redis at {} failed ({}): chat goes on, {} event(s) kept and retried",
                        where, lastError, pending.get());
            }
            return;
        }
        if (backoffMillis != 0) {
            backoffMillis = 0;
            log.info("history writes to Redis at {} resumed", where);
        }
        long lost = dropped == null ? 0 : dropped;
        persisted.addAndGet(batch.size() - lost);
        if (lost > 0) {
            notPersisted.addAndGet(lost);
            if (now - lastRefusalLogAt >= LOG_EVERY_MILLIS) {
                lastRefusalLogAt = now;
                log.warn("{} history event(s) arrived more than {} entries late and were not stored: are the nodes' clocks in sync?",
                        lost, LATE_CAP);
            }
        }
        int left = pending.addAndGet(-batch.size());
        if (left < capacity / 4 && behind.get()) setBehind(false);
        if (left == 0 && closed) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Sends what is queued and waits (at most 5 s) for it to be stored, then releases the connection. Off the loop. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            writer.execute(() -> {
                retryAtNanos = System.nanoTime();
                sendQueued();
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            synchronized (this) {
                while (pending.get() > 0 && System.nanoTime() - deadline < 0) {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
            if (pending.get() > 0) log.warn("{} history event(s) not written to Redis at {} before stopping", pending.get(), where);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writer.shutdownNow();
            onClose.run();
        }
    }
}
