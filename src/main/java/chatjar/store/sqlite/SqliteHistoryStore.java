package chatjar.store.sqlite;

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

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * History in SQLite with the rings in front. {@code append} (loop) puts the event in its target's ring and on
 * the writer's queue; a query the rings can answer alone (the recent lines of an active target) never leaves
 * the loop; any other goes to a reader, which merges the database's answer with what the rings held, so events
 * not yet committed are never missed (the rings keep every event until it is durable).
 */
public final class SqliteHistoryStore implements HistoryStore {
    private static final int PURGE_TARGETS = 64;

    private final SqliteStore store;
    private final Writer writer;
    private final long lastSeq;
    private final Retention retention;
    private final Rings rings;

    SqliteHistoryStore(SqliteStore store, Writer writer, long lastSeq, SqliteOptions options) {
        this.store = store;
        this.writer = writer;
        this.lastSeq = lastSeq;
        this.retention = options.retention();
        // Count retention bounds the rings at once (an event leaves only once durable, as for any bound).
        this.rings = new Rings(Rings.linesFor(options.ringLines(), retention.maxPerTarget()), options.ringTargets(),
                options.ringBytes(), lastSeq, writer::committedSeq);
    }

    @Override
    public boolean append(StoredEvent event) {
        rings.add(event);
        return writer.offer(event);
    }

    @Override
    public void query(HistoryQuery query, Executor on, Completion<List<StoredEvent>> done) {
        List<HistoryQuery.Range> ranges = query.ranges();
        List<Rings.Answer> memory = new ArrayList<>(ranges.size());
        boolean complete = true;
        for (HistoryQuery.Range r : ranges) {
            Rings.Answer a = rings.read(query.target(), r);
            memory.add(a);
            complete &= a.complete();
        }
        if (complete) {
            List<StoredEvent> out = concat(memory);
            on.execute(() -> done.complete(out, null));
            return;
        }
        store.read((sql, c) -> {
            List<StoredEvent> out = new ArrayList<>();
            for (int i = 0; i < ranges.size(); i++) {
                Rings.Answer a = memory.get(i);
                out.addAll(a.complete() ? a.events() : Ranges.merge(sql.read(query.target(), ranges.get(i)), a.events(), ranges.get(i)));
            }
            return out;
        }, on, done);
    }

    private static List<StoredEvent> concat(List<Rings.Answer> answers) {
        if (answers.size() == 1) return answers.get(0).events();
        List<StoredEvent> out = new ArrayList<>();
        for (Rings.Answer a : answers) out.addAll(a.events());
        return out;
    }

    @Override
    public void targets(String account, Collection<String> channels, long fromMillis, long toMillis, int limit,
                        Executor on, Completion<List<TargetActivity>> done) {
        List<TargetActivity> memory = rings.activity(account, channels, fromMillis, toMillis, Integer.MAX_VALUE);
        List<String> chans = List.copyOf(channels);
        long above = MsgIds.firstSeqAt(Math.min(fromMillis, toMillis) + 1) - 1;
        long below = MsgIds.firstSeqAt(Math.max(fromMillis, toMillis));
        store.read((sql, c) -> {
            Map<String, TargetActivity> latest = new HashMap<>();
            for (TargetActivity t : sql.activity(account, chans, above, below)) latest.put(t.target(), t);
            for (TargetActivity t : memory) latest.merge(t.target(), t, (x, y) -> x.latestMillis() >= y.latestMillis() ? x : y);
            List<TargetActivity> all = new ArrayList<>(latest.values());
            all.sort(Rings.BY_TIME);
            return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
        }, on, done);
    }

    /**
     * Retention: drops old events from the rings here (loop), then from the database on the writer, a few dozen
     * targets per transaction, so that live writes interleave with a long purge; back on {@code on} (the loop)
     * the rings drop what is beyond the count. The count answered is the database's (what the rings drop are
     * copies of its rows).
     */
    @Override
    public void purge(Executor on, Completion<Long> done) {
        long minSeq = retention.maxAgeMillis() > 0
                ? MsgIds.firstSeqAt(System.currentTimeMillis() - retention.maxAgeMillis()) : 0;
        if (minSeq > 0) rings.dropBelow(minSeq);
        if (minSeq == 0 && retention.maxPerTarget() == 0) {
            on.execute(() -> done.complete(0L, null));
            return;
        }
        purgeStep(minSeq, 0, 0, on, done);
    }

    /** One slice of targets on the writer; the next is queued from the writer thread until none is left. */
    private void purgeStep(long minSeq, long afterTarget, long total, Executor on, Completion<Long> done) {
        writer.submit(c -> new HistorySql(c).purge(afterTarget, PURGE_TARGETS, minSeq, retention.maxPerTarget()),
                Runnable::run, (long[] r, Throwable e) -> {
                    if (e != null) {
                        on.execute(() -> done.complete(null, e));
                    } else if (r[1] >= 0) {
                        purgeStep(minSeq, r[1], total + r[0], on, done);
                    } else {
                        long sum = total + r[0];
                        on.execute(() -> {
                            // Back on the loop, and what was queued before the purge is durable now: it may go.
                            if (retention.maxPerTarget() > 0) rings.keepNewest(retention.maxPerTarget());
                            done.complete(sum, null);
                        });
                    }
                });
    }

    /**
     * The rings drop the account's conversations at once (loop); the database's rows go on the writer, after the
     * events queued before (so none of them is written back after the delete) and before any account change
     * queued after (a new registration of the name). What is answered is the database's count.
     */
    @Override
    public void forgetAccount(String account, Executor on, Completion<Long> done) {
        rings.forgetAccount(account);
        writer.submit(c -> new HistorySql(c).forgetAccount(account), on, done);
    }

    @Override
    public long lastSeq() {
        return lastSeq;
    }

    /** The back-pressure signal as a cheap volatile read: slow senders while true. */
    public boolean isBehind() {
        return writer.behind();
    }

    /** Calls {@code listener} on {@code on} each time the signal changes. */
    @Override
    public void onPressure(Executor on, Consumer<Boolean> listener) {
        writer.onPressure(on, listener);
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(writer.queued(), writer.capacity(), writer.behind(), writer.persisted(),
                writer.notPersisted(), writer.writeErrors(), writer.lastError(), rings.events(), rings.bytes());
    }

    @Override
    public void close() {
        store.close();
    }
}
