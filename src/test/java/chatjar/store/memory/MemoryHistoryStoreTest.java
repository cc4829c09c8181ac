package chatjar.store.memory;

import chatjar.store.HistoryQuery;
import chatjar.store.HistoryStore;
import chatjar.store.HistoryStoreContract;
import chatjar.store.MsgIds;
import chatjar.store.Retention;
import chatjar.store.StoredEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static chatjar.store.Await.event;
import static chatjar.store.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryHistoryStoreTest extends HistoryStoreContract {
    @Override
    protected HistoryStore open() {
        return new MemoryHistoryStore(100, 100, 1 << 20, Retention.FOREVER);
    }

    @Test
    void boundedByLinesTargetsAndBytes() {
        Rings rings = new Rings(5, 3, 2_000, 0, () -> Long.MAX_VALUE);
        MsgIds ids = new MsgIds(0, 0);
        for (int i = 0; i < 20; i++) rings.add(event("#x", ids.next(T0), "x"));
        assertThat(rings.events()).isEqualTo(5);
        for (int t = 0; t < 10; t++) rings.add(event("#t" + t, ids.next(T0), "t"));
        assertThat(rings.targets()).isEqualTo(3);
        for (int i = 0; i < 100; i++) rings.add(event("#big", ids.next(T0), "y".repeat(200)));
        assertThat(rings.bytes()).isLessThanOrEqualTo(2_000);
        assertThat(rings.read("#x", new HistoryQuery.Range(0, Long.MAX_VALUE, 10, true)).events()).isEmpty();
    }

    @Test
    void keepsWhatIsNotDurableBeyondTheBoundsAndSaysWhenItIsIncomplete() {
        long[] durable = {0};
        Rings rings = new Rings(3, 10, 1 << 20, 0, () -> durable[0]);
        MsgIds ids = new MsgIds(0, 0);
        long[] seqs = new long[10];
        for (int i = 0; i < 10; i++) rings.add(event("#x", seqs[i] = ids.next(T0), "m" + i));
        assertThat(rings.events()).isEqualTo(10); // nothing committed yet: nothing may go
        durable[0] = seqs[8];
        rings.add(event("#x", ids.next(T0), "m10"));
        assertThat(rings.events()).isEqualTo(3);
        HistoryQuery.Range all = new HistoryQuery.Range(0, Long.MAX_VALUE, 10, true);
        assertThat(rings.read("#x", all).complete()).isFalse();
        assertThat(rings.read("#x", new HistoryQuery.Range(0, Long.MAX_VALUE, 3, true)).complete()).isTrue();
        assertThat(rings.read("#x", new HistoryQuery.Range(seqs[6], Long.MAX_VALUE, 10, false)).complete()).isFalse();
        assertThat(rings.read("#x", new HistoryQuery.Range(seqs[7], Long.MAX_VALUE, 10, false)).complete()).isTrue();
    }

    @Test
    void purgeDropsByAge() {
        MemoryHistoryStore s = new MemoryHistoryStore(100, 10, 1 << 20, new Retention(60_000, 0));
        MsgIds ids = new MsgIds(0, 0);
        long now = System.currentTimeMillis();
        s.append(event("#x", ids.next(now - 120_000), "old"));
        s.append(event("#x", ids.next(now), "new"));
        Long purged = result((on, done) -> s.purge(on, done));
        assertThat(purged).isEqualTo(1L);
        List<StoredEvent> left = result((on, done) -> s.query(HistoryQuery.latest("#x", null, 10), on, done));
        assertThat(left).extracting(StoredEvent::params).containsExactly("new");
    }

    @Test
    void countRetentionBoundsTheRingsAtOnceAndThePurgeTrimsWhatWasKept() {
        MemoryHistoryStore s = new MemoryHistoryStore(100, 10, 1 << 20, new Retention(0, 3));
        MsgIds ids = new MsgIds(0, 0);
        for (int i = 0; i < 10; i++) s.append(event("#x", ids.next(T0), "m" + i));
        List<StoredEvent> left = result((on, done) -> s.query(HistoryQuery.latest("#x", null, 10), on, done));
        assertThat(left).extracting(StoredEvent::params).containsExactly("m7", "m8", "m9");

        long[] durable = {0};
        Rings rings = new Rings(Rings.linesFor(100, 3), 10, 1 << 20, 0, () -> durable[0]);
        long last = 0;
        for (int i = 0; i < 10; i++) rings.add(event("#y", last = ids.next(T0), "y" + i));
        assertThat(rings.events()).as("not durable yet: kept").isEqualTo(10);
        durable[0] = last;
        assertThat(rings.keepNewest(3)).isEqualTo(7);
        assertThat(rings.read("#y", new HistoryQuery.Range(0, Long.MAX_VALUE, 10, true)).events())
                .extracting(StoredEvent::params).containsExactly("y7", "y8", "y9");
        assertThat(Rings.linesFor(256, 0)).isEqualTo(256);
    }

    @Test
    void lateEventsTakeTheirPlaceAndDuplicatesAreIgnored() {
        Rings rings = new Rings(10, 10, 1 << 20, 0, () -> Long.MAX_VALUE);
        MsgIds ids = new MsgIds(0, 0);
        long a = ids.next(T0), b = ids.next(T0), c = ids.next(T0);
        rings.add(event("#x", a, "a"));
        rings.add(event("#x", c, "c"));
        rings.add(event("#x", b, "b"));
        rings.add(event("#x", c, "c again"));
        assertThat(rings.read("#x", new HistoryQuery.Range(0, Long.MAX_VALUE, 10, false)).events())
                .extracting(StoredEvent::params).containsExactly("a", "b", "c");
        assertThat(rings.events()).isEqualTo(3);
    }
}
