package chatjar.server.history;

import chatjar.store.Completion;
import chatjar.store.HistoryQuery;
import chatjar.store.HistoryStore;
import chatjar.store.Ref;
import chatjar.store.StoredEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * A history read that counts only the events a client will be shown. The store answers ranges of seq with a
 * limit on all events; a client without {@code draft/event-playback} sees only messages, so a channel's joins
 * and parts would eat its limit. Each range is read again beyond what it returned, narrowed past the events
 * already seen, until the limit is met or the range is exhausted, at most {@link #MAX_ROUNDS} reads each (a
 * channel of nothing but joins answers short rather than scanning its whole history). Every read comes back
 * through {@code on}, so the loop never waits.
 */
final class Fetch {
    static final int MAX_ROUNDS = 8;

    private final HistoryStore store;
    private final Executor on;
    private final String target;
    private final Predicate<StoredEvent> shown;
    private final List<HistoryQuery.Range> ranges;
    private final Completion<List<StoredEvent>> done;
    private final List<StoredEvent> result = new ArrayList<>();

    private Fetch(HistoryStore store, Executor on, HistoryQuery q, Predicate<StoredEvent> shown,
                  Completion<List<StoredEvent>> done) {
        this.store = store;
        this.on = on;
        this.target = q.target();
        this.shown = shown;
        this.ranges = q.ranges();
        this.done = done;
    }

    /** Answers {@code q} with the events {@code shown} accepts, up to each range's limit of them, ascending. */
    static void run(HistoryStore store, Executor on, HistoryQuery q, Predicate<StoredEvent> shown,
                    Completion<List<StoredEvent>> done) {
        new Fetch(store, on, q, shown, done).range(0);
    }

    private void range(int i) {
        if (i == ranges.size()) {
            done.complete(result, null);
            return;
        }
        HistoryQuery.Range r = ranges.get(i);
        read(i, r.above(), r.below(), r.limit(), r.newest(), new ArrayList<>(), 0);
    }

    /** One read of {@code above < seq < below}; {@code kept} is ascending. */
    private void read(int i, long above, long below, int wanted, boolean newest, List<StoredEvent> kept, int round) {
        int missing = wanted - kept.size();
        if (missing <= 0 || above + 1 >= below) {
            finish(i, kept);
            return;
        }
        store.query(asQuery(above, below, missing, newest), on, (events, error) -> {
            if (error != null) {
                done.complete(null, error);
                return;
            }
            List<StoredEvent> shownNow = new ArrayList<>(events.size());
            for (StoredEvent e : events) if (shown.test(e)) shownNow.add(e);
            if (newest) kept.addAll(0, shownNow);
            else kept.addAll(shownNow);
            boolean exhausted = events.size() < missing;
            if (exhausted || round + 1 >= MAX_ROUNDS || events.isEmpty()) {
                finish(i, kept);
            } else if (newest) {
                read(i, above, events.get(0).seq(), wanted, true, kept, round + 1);
            } else {
                read(i, events.get(events.size() - 1).seq(), below, wanted, false, kept, round + 1);
            }
        });
    }

    private void finish(int i, List<StoredEvent> kept) {
        result.addAll(kept);
        range(i + 1);
    }

    /** A range of seq as a BETWEEN of two msgid references, which are exclusive bounds: forwards or backwards. */
    private HistoryQuery asQuery(long above, long below, int limit, boolean newest) {
        Ref low = new Ref(above, false), high = new Ref(below, false);
        return newest ? HistoryQuery.between(target, high, low, limit) : HistoryQuery.between(target, low, high, limit);
    }
}
