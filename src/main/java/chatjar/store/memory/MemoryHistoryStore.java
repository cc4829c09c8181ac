package chatjar.store.memory;

import chatjar.store.Completion;
import chatjar.store.HistoryQuery;
import chatjar.store.HistoryStore;
import chatjar.store.MsgIds;
import chatjar.store.Ranges;
import chatjar.store.Retention;
import chatjar.store.StoreStats;
import chatjar.store.StoredEvent;
import chatjar.store.TargetActivity;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * {@code --no-store} history: the rings and nothing behind them, so a restart forgets everything. Everything
 * runs on the loop thread (the calls are cheap: a binary search and a copy of at most the limit); answers still
 * go through {@code on} so that callers see one behaviour for every store.
 */
public final class MemoryHistoryStore implements HistoryStore {
    private final Rings rings;
    private final Retention retention;
    private long appended;

    public MemoryHistoryStore(int linesPerTarget, int maxTargets, long maxBytes, Retention retention) {
        // Count retention bounds the rings at once, not only at the next purge.
        this.rings = new Rings(Rings.linesFor(linesPerTarget, retention.maxPerTarget()), maxTargets, maxBytes, 0,
                () -> Long.MAX_VALUE);
        this.retention = retention;
    }

    @Override
    public boolean append(StoredEvent event) {
        rings.add(event);
        appended++;
        return true;
    }

    @Override
    public void query(HistoryQuery query, Executor on, Completion<List<StoredEvent>> done) {
        List<StoredEvent> events;
        try {
            events = Ranges.answer(query, (target, range) -> rings.read(target, range).events());
        } catch (Exception e) {
            on.execute(() -> done.complete(null, e));
            return;
        }
        on.execute(() -> done.complete(events, null));
    }

    @Override
    public void targets(String account, Collection<String> channels, long fromMillis, long toMillis, int limit,
                        Executor on, Completion<List<TargetActivity>> done) {
        List<TargetActivity> out = rings.activity(account, channels, fromMillis, toMillis, limit);
        on.execute(() -> done.complete(out, null));
    }

    @Override
    public void purge(Executor on, Completion<Long> done) {
        long dropped = retention.maxAgeMillis() > 0
                ? rings.dropBelow(MsgIds.firstSeqAt(System.currentTimeMillis() - retention.maxAgeMillis())) : 0;
        if (retention.maxPerTarget() > 0) dropped += rings.keepNewest(retention.maxPerTarget());
        long total = dropped;
        on.execute(() -> done.complete(total, null));
    }

    @Override
    public void forgetAccount(String account, Executor on, Completion<Long> done) {
        long dropped = rings.forgetAccount(account);
        on.execute(() -> done.complete(dropped, null));
    }

    @Override
    public long lastSeq() {
        return 0;
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(0, 0, false, 0, 0, 0, null, rings.events(), rings.bytes());
    }

    /** Events appended since start (including those since evicted). */
    public long appended() {
        return appended;
    }

    @Override
    public void close() {}
}
