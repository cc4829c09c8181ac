package chatjar.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MsgIdsTest {
    private static final long NOW = 1_780_000_000_000L;

    @Test
    void formatParsesBackAndSortsLikeTheNumbers() {
        MsgIds ids = new MsgIds(3, 0);
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) seqs.add(ids.next(NOW + i / 7));
        for (int i = 1; i < seqs.size(); i++) {
            long a = seqs.get(i - 1), b = seqs.get(i);
            assertThat(b).isGreaterThan(a);
            assertThat(MsgIds.format(a).compareTo(MsgIds.format(b))).isNegative();
            assertThat(MsgIds.parse(MsgIds.format(b))).isEqualTo(b);
            assertThat(MsgIds.parse(MsgIds.format(b).toUpperCase())).isEqualTo(b);
        }
        assertThat(MsgIds.format(seqs.get(0))).hasSize(MsgIds.LENGTH);
        assertThat(MsgIds.timeMillis(seqs.get(0))).isEqualTo(NOW);
    }

    @Test
    void sameMillisecondAndClockGoingBackStayOrdered() {
        MsgIds ids = new MsgIds(0, 0);
        long a = ids.next(NOW), b = ids.next(NOW), c = ids.next(NOW - 5000);
        assertThat(a).isLessThan(b).isLessThan(c);
        assertThat(MsgIds.timeMillis(c)).isEqualTo(NOW);
    }

    @Test
    void counterOverflowBorrowsTheNextMillisecond() {
        MsgIds ids = new MsgIds(0, 0);
        long last = 0;
        for (int i = 0; i < 40_000; i++) {
            long s = ids.next(NOW);
            assertThat(s).isGreaterThan(last);
            last = s;
        }
        assertThat(MsgIds.timeMillis(last)).isEqualTo(NOW + 1);
    }

    @Test
    void startsAboveTheFloorAfterARestartWithTheClockBehind() {
        long floor = new MsgIds(0, 0).next(NOW);
        MsgIds restarted = new MsgIds(0, floor);
        assertThat(restarted.next(NOW - 60_000)).isGreaterThan(floor);
    }

    @Test
    void nodesNeverCollide() {
        long a = new MsgIds(1, 0).next(NOW), b = new MsgIds(2, 0).next(NOW);
        assertThat(a).isNotEqualTo(b);
        assertThat(MsgIds.timeMillis(a)).isEqualTo(MsgIds.timeMillis(b));
    }

    @Test
    void rejectsForeignIds() {
        assertThat(MsgIds.parse(null)).isEqualTo(-1);
        assertThat(MsgIds.parse("abc")).isEqualTo(-1);
        assertThat(MsgIds.parse("zzzzzzzzzzzzz")).isEqualTo(-1); // 65 bits
        assertThat(MsgIds.parse("0000000000!00")).isEqualTo(-1);
        assertThat(MsgIds.parse("00000000000u0")).isEqualTo(-1); // u is not Crockford
    }

    @Test
    void timestampRefsExcludeTheirMillisecond() {
        MsgIds ids = new MsgIds(0, 0);
        long at = ids.next(NOW), next = ids.next(NOW + 1);
        Ref t = Ref.timestamp(NOW);
        assertThat(at).isGreaterThanOrEqualTo(t.below()).isLessThanOrEqualTo(t.above());
        assertThat(next).isGreaterThan(t.above());
        Ref m = Ref.msgid(MsgIds.format(at));
        assertThat(m.below()).isEqualTo(at);
        assertThat(m.above()).isEqualTo(at);
    }
}
