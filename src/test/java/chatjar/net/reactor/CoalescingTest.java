package chatjar.net.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flush policy fed synthetic turns and flushes on a clock the test moves: holding turns on only when
 * windows that hold carry clearly more lines per write() than windows that do not, and off when they stop.
 */
class CoalescingTest {
    private static final long T0 = -123_456_789L; // nanoTime may be negative

    private long now = T0;
    private final Coalescing policy = new Coalescing(true);

    /** One window (after the settling time a switch of mode asks for) of 1,000 writes at this many lines each. */
    private void window(double linesPerWrite) {
        now += Coalescing.SETTLE_NANOS;
        policy.turn(now);
        for (int i = 0; i < 100; i++) policy.flushed(Math.round(linesPerWrite * 10), 10);
        endWindow();
    }

    /** Turns, a few milliseconds apart, until the window ends. */
    private void endWindow() {
        long step = Coalescing.WINDOW_NANOS / Coalescing.MIN_TURNS;
        long w = policy.windows();
        for (int i = 0; i < 10 * Coalescing.MIN_TURNS && policy.windows() == w; i++) {
            now += step;
            policy.turn(now);
        }
        assertThat(policy.windows()).isEqualTo(w + 1);
    }

    /** Windows of the current mode until the next probe starts. */
    private void untilProbe(double linesPerWrite) {
        for (int i = 0; i < 1000 && !policy.probing(); i++) window(linesPerWrite);
        assertThat(policy.probing()).isTrue();
    }

    @Test
    void aFreshLoopMeasuresOneWindowThenProbesHolding() {
        policy.turn(now);
        assertThat(policy.holding()).isFalse();
        window(1.0);
        assertThat(policy.probing()).isTrue();
        assertThat(policy.holding()).isTrue();
    }

    @Test
    void aProbeThatMergesClearlyTurnsHoldingOn() {
        policy.turn(now);
        window(1.5);
        window(6.0); // the probe: 4.5 more lines per write
        assertThat(policy.lastGainHundredths()).isEqualTo(450);
        assertThat(policy.probing()).isFalse();
        assertThat(policy.holding()).isTrue();
    }

    @Test
    void aProbeThatMergesLittleLeavesHoldingOffUntilTheNextProbe() {
        policy.turn(now);
        window(1.0);
        window(1.5); // half a line more per write: the 99k/s case, where holding costs latency for little
        assertThat(policy.lastGainHundredths()).isEqualTo(50);
        assertThat(policy.holding()).isFalse();
        long probeAt = now + Coalescing.PROBE_EVERY_NANOS;
        while (!policy.probing()) {
            assertThat(policy.holding()).isFalse();
            window(1.0);
        }
        assertThat(now).isGreaterThanOrEqualTo(probeAt);
        assertThat(policy.holding()).isTrue();
    }

    @Test
    void onceOnHoldingStaysOnBetweenTheThresholds() {
        policy.turn(now);
        window(1.0);
        window(5.0);
        assertThat(policy.holding()).isTrue();
        untilProbe(1.9);
        window(1.0); // the probe without holding: 0.9 lines more would not turn holding on, but keeps it on
        assertThat(policy.lastGainHundredths()).isBetween(Coalescing.OFF_GAIN, Coalescing.ON_GAIN - 1);
        assertThat(policy.holding()).isTrue();
    }

    @Test
    void whenTheLoadFallsHoldingStopsWithoutWaitingForAProbe() {
        policy.turn(now);
        window(1.0);
        window(5.0);
        assertThat(policy.holding()).isTrue();
        long decided = now;
        for (int i = 0; i < 20 && policy.holding(); i++) window(1.1); // holding merges a tenth of a line now
        assertThat(policy.holding()).isFalse();
        assertThat(policy.probing()).isFalse();
        assertThat(now - decided).isLessThan(Coalescing.PROBE_EVERY_NANOS / 2);
    }

    @Test
    void holdingStopsWhenTurnsAloneMergeAsMuch() {
        policy.turn(now);
        window(8);
        window(30);
        assertThat(policy.holding()).isTrue();
        untilProbe(58);
        window(57.5); // turns so long that flush-before-select fills the 4 KiB a hold may reach
        assertThat(policy.holding()).isFalse();
    }

    @Test
    void aQuietWindowEndsHolding() {
        policy.turn(now);
        window(1.0);
        window(5.0);
        assertThat(policy.holding()).isTrue();
        now += Coalescing.SETTLE_NANOS;
        policy.turn(now);
        policy.flushed(40, 10); // far fewer writes than MIN_WRITES, however well merged
        endWindow();
        assertThat(policy.holding()).isFalse();
        untilProbe(1.0);
        window(1.4); // judged on this load, not on the 5.0 seen before
        assertThat(policy.lastGainHundredths()).isEqualTo(40);
        assertThat(policy.holding()).isFalse();
    }

    @Test
    void linesHeldBeforeASwitchAreNotCountedForTheNewMode() {
        policy.turn(now);
        window(1.0);
        assertThat(policy.probing()).isTrue();
        now += 1_000; // still settling: what flushes now was queued (and merged) under the other mode
        policy.turn(now);
        for (int i = 0; i < 1000; i++) policy.flushed(500, 1);
        window(1.2);
        assertThat(policy.lastGainHundredths()).isEqualTo(20);
        assertThat(policy.holding()).isFalse();
    }

    @Test
    void afterHoldingStopsCountingWaitsForTheLoopToSettle() {
        policy.turn(now);
        window(1.0);
        window(5.0);
        untilProbe(5.0);
        assertThat(policy.holding()).isFalse(); // the probe without holding
        now += Coalescing.MAX_AGE_NANOS; // the held lines are out, but the turns holding made are still long
        policy.turn(now);
        for (int i = 0; i < 1000; i++) policy.flushed(50, 1);
        window(1.0);
        assertThat(policy.lastGainHundredths()).isEqualTo(400);
        assertThat(policy.holding()).isTrue();
    }

    @Test
    void aWindowNeedsBothItsTimeAndItsTurns() {
        policy.turn(now);
        for (int i = 0; i < 100; i++) policy.flushed(10, 10);
        for (int i = 0; i < 10 * Coalescing.MIN_TURNS; i++) policy.turn(now + i); // many quick turns
        assertThat(policy.probing()).isFalse();
        policy.turn(now + Coalescing.WINDOW_NANOS); // enough turns, and now enough time
        assertThat(policy.probing()).isTrue();

        Coalescing slow = new Coalescing(true);
        slow.turn(T0);
        for (int i = 0; i < 100; i++) slow.flushed(10, 10);
        slow.turn(T0 + 10 * Coalescing.WINDOW_NANOS); // a turn longer than the window is still one turn
        assertThat(slow.probing()).isFalse();
    }

    @Test
    void whenDisabledNothingEverWaits() throws Exception {
        Coalescing off = new Coalescing(false);
        for (int w = 0; w < 200; w++) {
            for (int i = 0; i < 100; i++) off.flushed(100, 1);
            for (int i = 0; i < Coalescing.MIN_TURNS; i++) off.turn(now += Coalescing.WINDOW_NANOS);
        }
        assertThat(off.holding()).isFalse();
        assertThat(off.probing()).isFalse();
        EventLoop loop = new EventLoop(link -> null, 512);
        try {
            Connection fresh = new Connection(loop, null, 1, "test", List.of());
            fresh.pending = 100;
            fresh.queuedAt = now;
            assertThat(off.mayWait(fresh, now)).isFalse(); // not even a greeting
        } finally {
            loop.shutdown(() -> { }, 1000);
        }
    }

    @Test
    void whileHoldingOnlySmallYoungOutputWaits() throws Exception {
        EventLoop loop = new EventLoop(link -> null, 512);
        try {
            Connection c = new Connection(loop, null, 1, "test", List.of());
            c.heard = true;
            c.pending = 100;
            policy.turn(now);
            c.queuedAt = now;
            assertThat(policy.mayWait(c, now)).isFalse(); // not holding yet
            window(1.0);
            window(5.0);
            assertThat(policy.holding()).isTrue();
            c.queuedAt = now;
            assertThat(policy.mayWait(c, now)).isTrue();
            assertThat(policy.mayWait(c, now + Coalescing.MAX_AGE_NANOS)).isFalse();
            c.pending = Coalescing.MAX_BYTES;
            assertThat(policy.mayWait(c, now)).isFalse();
            c.pending = 100;
            c.closing = true;
            assertThat(policy.mayWait(c, now)).isFalse();
        } finally {
            loop.shutdown(() -> { }, 1000);
        }
    }
}
