package chatjar.store;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where relayed events go and CHATHISTORY reads them back. Threading: {@link #append} and the queries are
 * called on the loop thread (implementations may keep a loop-owned cache in front of slower storage) and never
 * block it; every answer runs on the {@code Executor} passed with the call, normally the loop's
 * {@code Scheduler::execute}. Answers are always ascending by seq.
 */
public interface HistoryStore extends AutoCloseable {
    /**
     * Records one event, normally in seq order (as {@link MsgIds} issued them on this node; a late one is put in
     * its place, a repeated seq ignored). Returns false if
     * the event could not be queued for persistence; it is then counted in {@link StoreStats#notPersisted}
     * and still served from memory while it stays there.
     */
    boolean append(StoredEvent event);

    /** Answers one BEFORE/AFTER/LATEST/AROUND/BETWEEN request; the caller has checked who may read it. */
    void query(HistoryQuery query, Executor on, Completion<List<StoredEvent>> done);

    /**
     * CHATHISTORY TARGETS: of {@code channels} (the caller's current channels, casefolded) and the direct
     * conversations of {@code account} (casefolded, or null when not logged in), those with events in
     * {@code fromMillis < time < toMillis} (either order), each with the time of its latest event in that range,
     * sorted by that time ascending and cut to {@code limit}.
     */
    void targets(String account, Collection<String> channels, long fromMillis, long toMillis, int limit,
                 Executor on, Completion<List<TargetActivity>> done);

    /** Applies the retention rules now (they also run periodically off the loop); answers the events removed. */
    void purge(Executor on, Completion<Long> done);

    /**
     * Deletes every direct conversation {@code account} (casefolded) is a side of, in memory and in storage, after
     * the events appended before this call; answers how many stored events went. Called once the account is
     * dropped, so that whoever registers the name later cannot read its old conversations. Channel history stays.
     */
    void forgetAccount(String account, Executor on, Completion<Long> done);

    /** The highest seq stored when the store opened: seed {@link MsgIds} with it. */
    long lastSeq();

    /**
     * Back-pressure: {@code listener} hears, on {@code on}, when the writer falls behind (true) and when it has
     * caught up (false), so the server can slow senders instead of refusing history. A store that cannot fall
     * behind never calls it.
     */
    default void onPressure(Executor on, Consumer<Boolean> listener) {
    }

    /**
     * The node number {@link MsgIds} must use with this store: 0 for a store of one server; a store shared by a
     * cluster's nodes gives each its own, so their msgids never collide.
     */
    default int node() {
        return 0;
    }

    /**
     * True if every node of a cluster writes this one store: each node then appends only its own users' events
     * (the relay also delivers other nodes' events here, which their own node stores).
     */
    default boolean sharedByNodes() {
        return false;
    }

    /** Counters and the back-pressure signal; cheap, callable from any thread. */
    StoreStats stats();

    /** Flushes what is queued (bounded wait) and releases the files. */
    @Override
    void close();
}
