package chatjar.server.limits;

import chatjar.net.Scheduler;
import chatjar.server.ServerConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import static org.assertj.core.api.Assertions.assertThat;

/** The fakelag arithmetic on a hand-driven clock: burst, steady rate, backlog cap, hold and release. */
class FloodGateTest {
    /** A scheduler whose time moves only when the test says so. */
    static final class ManualClock implements Scheduler {
        record Due(long at, long seq, Runnable task) {}

        long now = 1_000_000;
        long seq;
        final PriorityQueue<Due> timers = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));

        @Override public void execute(Runnable task) { task.run(); }
        @Override public long nowMillis() { return now; }

        @Override
        public Cancellable schedule(long delayMillis, Runnable task) {
            boolean[] cancelled = {false};
            timers.add(new Due(now + delayMillis, seq++, () -> { if (!cancelled[0]) task.run(); }));
            return () -> cancelled[0] = true;
        }

        void advance(long ms) {
            long until = now + ms;
            while (!timers.isEmpty() && timers.peek().at <= until) {
                Due d = timers.poll();
                now = d.at;
                d.task.run();
            }
            now = until;
        }
    }

    final ManualClock clock = new ManualClock();
    final List<String> handled = new ArrayList<>();
    boolean open = true;
    int excess;
    ServerConfig.Limits limits = ServerConfig.Limits.defaults().toBuilder().floodBurst(5).floodPerSecond(2).floodMaxBacklog(4).build();

    final FloodGate gate = new FloodGate(clock, () -> limits, new FloodGate.Sink() {
        @Override public void process(byte[] buf, int off, int len) { handled.add(new String(buf, off, len, StandardCharsets.UTF_8)); }
        @Override public boolean isOpen() { return open; }
        @Override public void excessFlood() { excess++; open = false; }
        @Override public void failed(RuntimeException e) { throw e; }
        @Override public boolean cheap(byte[] buf, int off, int len) { return CheapLines.is(buf, off, len); }
    });

    private void send(String... lines) {
        for (String l : lines) {
            byte[] shared = ("xx" + l + "yy").getBytes(StandardCharsets.UTF_8); // like the transport's shared buffer
            gate.offer(shared, 2, l.length());
            java.util.Arrays.fill(shared, (byte) '!'); // reused after the call: the backlog must hold a copy
        }
    }

    @Test
    void burstThenOneLinePerIntervalInOrder() {
        send("1", "2", "3", "4", "5", "6", "7");
        assertThat(handled).containsExactly("1", "2", "3", "4", "5");
        assertThat(gate.backlog()).isEqualTo(2);
        clock.advance(499);
        assertThat(handled).hasSize(5);
        clock.advance(1);
        assertThat(handled).containsExactly("1", "2", "3", "4", "5", "6");
        clock.advance(500);
        assertThat(handled).containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(gate.backlog()).isZero();
    }

    @Test
    void aQuietClientEarnsItsBurstBack() {
        send("1", "2", "3", "4", "5");
        clock.advance(2_500);
        send("a", "b", "c", "d", "e");
        assertThat(handled).hasSize(10);
        send("f");
        assertThat(handled).hasSize(10);
    }

    @Test
    void pastTheBacklogIsExcessFlood() {
        send("1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(excess).isZero();
        send("10");
        assertThat(excess).isEqualTo(1);
        assertThat(gate.backlog()).isZero();
        clock.advance(10_000);
        assertThat(handled).hasSize(5);
    }

    @Test
    void holdQueuesEvenWithFloodControlOffAndReleaseKeepsTheOrder() {
        limits = limits.toBuilder().floodBurst(0).build();
        send("1");
        gate.hold();
        send("2", "3");
        assertThat(handled).containsExactly("1");
        gate.release();
        clock.advance(1);
        assertThat(handled).containsExactly("1", "2", "3");
        send("4");
        assertThat(handled).containsExactly("1", "2", "3", "4");
    }

    @Test
    void switchingFloodControlOffDeliversTheBacklogFirst() {
        send("1", "2", "3", "4", "5", "6");
        limits = limits.toBuilder().floodBurst(0).build();
        send("7");
        assertThat(handled).containsExactly("1", "2", "3", "4", "5", "6", "7");
    }

    @Test
    void pingsHaveTheirOwnLargerBucketAndLeaveTheMainOneFull() {
        // burst 5 at 2/s for chat; PING gets 50 at 20/s
        for (int i = 1; i <= 50; i++) send("PING " + i);
        assertThat(handled).hasSize(50);
        send("1", "2", "3", "4", "5");
        assertThat(handled).hasSize(55); // the 50 PINGs spent none of the main burst
        send("PING 51");
        assertThat(handled).hasSize(55); // cheap burst spent: it waits, behind nothing but its own bucket
        clock.advance(50);
        assertThat(handled).last().isEqualTo("PING 51");
    }

    @Test
    void aPingNeverOvertakesAWaitingLine() {
        send("1", "2", "3", "4", "5", "6", "PING x");
        assertThat(handled).containsExactly("1", "2", "3", "4", "5");
        clock.advance(500);
        assertThat(handled).containsExactly("1", "2", "3", "4", "5", "6", "PING x");
    }

    @Test
    void aPingFloodPastItsBudgetFillsTheBacklogAndIsExcessFlood() {
        for (int i = 1; i <= 50; i++) send("PING " + i);
        assertThat(excess).isZero();
        send("PING a", "PING b", "PING c", "PING d"); // the backlog (4) is full
        assertThat(excess).isZero();
        clock.advance(50);
        assertThat(handled).hasSize(51); // drained at the cheap rate, one per 50 ms
        send("PING e", "PING f");
        assertThat(excess).isEqualTo(1);
    }
}
