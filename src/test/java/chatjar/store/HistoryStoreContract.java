package chatjar.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static chatjar.store.Await.event;
import static chatjar.store.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** Every CHATHISTORY query kind, run against each store (and, for SQLite, from the database after a restart). */
public abstract class HistoryStoreContract {
    protected static final long T0 = 1_780_000_000_000L;
    protected HistoryStore store;
    /** #a: 30 events in one millisecond, 20 in the next; #b interleaved; seqs as issued. */
    protected final List<Long> a = new ArrayList<>();

    protected abstract HistoryStore open() throws Exception;

    /** Called after the writes: the SQLite variant restarts so that queries read the database. */
    protected HistoryStore settled(HistoryStore s) throws Exception {
        return s;
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    protected void fill() throws Exception {
        store = open();
        MsgIds ids = new MsgIds(0, store.lastSeq());
        for (int i = 0; i < 50; i++) {
            long s = ids.next(i < 30 ? T0 : T0 + 1);
            a.add(s);
            store.append(event("#a", s, "a" + i));
            store.append(event("#b", ids.next(T0), "b" + i));
        }
        store.append(new StoredEvent(Targets.direct("bob", "ann"), "ann", ids.next(T0 + 2), EventKind.PRIVMSG, "ann!u@h",
                "ann", "+draft/reply=x", "hi bob"));
        store = settled(store);
    }

    private List<StoredEvent> q(HistoryQuery query) {
        return result((on, done) -> store.query(query, on, done));
    }

    private static List<String> texts(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::params).toList();
    }

    private static List<String> range(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add("a" + i);
        return out;
    }

    private Ref id(int i) {
        return Ref.msgid(MsgIds.format(a.get(i)));
    }

    @Test
    void latest() throws Exception {
        fill();
        assertThat(texts(q(HistoryQuery.latest("#a", null, 10)))).isEqualTo(range(40, 50));
        assertThat(texts(q(HistoryQuery.latest("#a", id(45), 100)))).isEqualTo(range(46, 50));
        assertThat(texts(q(HistoryQuery.latest("#a", Ref.timestamp(T0), 100)))).isEqualTo(range(30, 50));
        assertThat(q(HistoryQuery.latest("#nowhere", null, 10))).isEmpty();
        assertThat(q(HistoryQuery.latest("#a", null, 0))).isEmpty();
    }

    @Test
    void beforePagesThroughEqualTimestampsWithoutGapsOrDuplicates() throws Exception {
        fill();
        List<StoredEvent> page = q(HistoryQuery.latest("#a", null, 7));
        List<String> seen = new ArrayList<>(texts(page));
        while (!page.isEmpty()) {
            page = q(HistoryQuery.before("#a", Ref.msgid(page.get(0).msgid()), 7));
            seen.addAll(0, texts(page));
        }
        assertThat(seen).isEqualTo(range(0, 50));
    }

    @Test
    void afterPagesForwardFromATimestamp() throws Exception {
        fill();
        List<String> seen = new ArrayList<>();
        List<StoredEvent> page = q(HistoryQuery.after("#a", Ref.timestamp(T0 - 1), 9));
        while (!page.isEmpty()) {
            seen.addAll(texts(page));
            page = q(HistoryQuery.after("#a", Ref.msgid(page.get(page.size() - 1).msgid()), 9));
        }
        assertThat(seen).isEqualTo(range(0, 50));
        // A timestamp reference excludes its whole millisecond.
        assertThat(texts(q(HistoryQuery.after("#a", Ref.timestamp(T0), 100)))).isEqualTo(range(30, 50));
        assertThat(texts(q(HistoryQuery.before("#a", Ref.timestamp(T0 + 1), 100)))).isEqualTo(range(0, 30));
    }

    @Test
    void aroundIncludesTheReferenceWithHalfOnEachSide() throws Exception {
        fill();
        assertThat(texts(q(HistoryQuery.around("#a", id(20), 5)))).isEqualTo(range(18, 23));
        assertThat(texts(q(HistoryQuery.around("#a", id(1), 6)))).isEqualTo(range(0, 4));
    }

    @Test
    void betweenInEitherDirection() throws Exception {
        fill();
        assertThat(texts(q(HistoryQuery.between("#a", id(10), id(20), 100)))).isEqualTo(range(11, 20));
        assertThat(texts(q(HistoryQuery.between("#a", id(10), id(20), 3)))).isEqualTo(range(11, 14));
        assertThat(texts(q(HistoryQuery.between("#a", id(20), id(10), 3)))).isEqualTo(range(17, 20));
        assertThat(texts(q(HistoryQuery.between("#a", Ref.timestamp(T0 - 1), Ref.timestamp(T0 + 1), 100)))).isEqualTo(range(0, 30));
    }

    @Test
    void eventsKeepEveryField() throws Exception {
        fill();
        String dm = Targets.direct("ann", "bob");
        List<StoredEvent> got = q(HistoryQuery.latest(dm, null, 10));
        assertThat(got).hasSize(1);
        StoredEvent e = got.get(0);
        assertThat(e.kind()).isEqualTo(EventKind.PRIVMSG);
        assertThat(e.sender()).isEqualTo("ann!u@h");
        assertThat(e.account()).isEqualTo("ann");
        assertThat(e.tags()).isEqualTo("+draft/reply=x");
        assertThat(e.params()).isEqualTo("hi bob");
        assertThat(e.timeMillis()).isEqualTo(T0 + 2);
    }

    @Test
    void targetsListsChannelsAndOwnConversationsOnly() throws Exception {
        fill();
        List<TargetActivity> bob = result((on, done) -> store.targets("bob", Set.of("#a", "#b"), T0 - 1, T0 + 10, 10, on, done));
        assertThat(bob).extracting(TargetActivity::target).containsExactly("#a", "#b", "ann,bob"); // both channels end at T0+1: ties by name
        assertThat(bob.get(1).latestMillis()).isEqualTo(T0 + 1);
        List<TargetActivity> carl = result((on, done) -> store.targets("carl", Set.of("#b"), T0 + 10, T0 - 1, 10, on, done));
        assertThat(carl).extracting(TargetActivity::target).containsExactly("#b");
        List<TargetActivity> window = result((on, done) -> store.targets("bob", Set.of("#a", "#b"), T0, T0 + 2, 1, on, done));
        assertThat(window).extracting(TargetActivity::target).containsExactly("#a");
    }

    @Test
    void forgetAccountDeletesItsConversationsAndNothingElse() throws Exception {
        fill(); // ann,bob is stored (in the database, for the stores that restart)
        MsgIds ids = new MsgIds(0, store.lastSeq());
        store.append(dm("ann", "dan", ids.next(T0 + 3), "still queued")); // before the forget: must go too
        store.append(dm("bob", "carl", ids.next(T0 + 4), "not ann's"));
        long removed = result((on, done) -> store.forgetAccount("ann", on, done));
        assertThat(removed).isEqualTo(2);
        assertForgotten();
        store = settled(store); // and stays forgotten in storage
        assertForgotten();
        // The name registered again: a new conversation under the same pair is kept and read as any other.
        store.append(dm("ann", "bob", new MsgIds(0, store.lastSeq()).next(T0 + 5), "new ann"));
        assertThat(texts(q(HistoryQuery.latest(Targets.direct("ann", "bob"), null, 10)))).containsExactly("new ann");
    }

    private void assertForgotten() {
        assertThat(q(HistoryQuery.latest(Targets.direct("ann", "bob"), null, 10))).isEmpty();
        assertThat(q(HistoryQuery.latest(Targets.direct("ann", "dan"), null, 10))).isEmpty();
        assertThat(texts(q(HistoryQuery.latest(Targets.direct("bob", "carl"), null, 10)))).containsExactly("not ann's");
        assertThat(q(HistoryQuery.latest("#a", null, 100))).hasSize(50);
        List<TargetActivity> bob = result((on, done) -> store.targets("bob", Set.of(), T0 - 1, T0 + 10, 10, on, done));
        assertThat(bob).extracting(TargetActivity::target).containsExactly("bob,carl");
        List<TargetActivity> ann = result((on, done) -> store.targets("ann", Set.of(), T0 - 1, T0 + 10, 10, on, done));
        assertThat(ann).isEmpty();
    }

    private static StoredEvent dm(String from, String to, long seq, String text) {
        return new StoredEvent(Targets.direct(from, to), to, seq, EventKind.PRIVMSG, from + "!u@h", from, null, text);
    }
}
