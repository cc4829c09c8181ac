package chatjar.net.reactor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adaptive write coalescing, the loop's one flush policy beyond "flush before select". By default every dirty
 * connection is flushed at the end of the turn, so a line goes out within the turn that produced it. A
 * connection may instead hold small, young output (under {@link #MAX_BYTES}, at most {@link #MAX_AGE_NANOS})
 * so that the next lines for it share its write(): with fan-out the kernel's write path per call is what
 * costs. A hold is only worth its latency while it merges lines, so the policy measures that instead of
 * inferring it from load (issue 13: at 99k deliveries/s a busy-share rule held output that merged little,
 * multiplied the median latency by nine and saved no CPU).
 *
 * <p>The measure is an experiment on live traffic. Connections are split by id into a group that waits and a
 * control group that does not, and over each window (at least {@link #WINDOW_NANOS} and {@link #MIN_TURNS}
 * turns) the policy counts, per group, the lines its end-of-turn flushes carried and the write() calls they
 * made. The control shows what flush-before-select merges by itself (at high rates a turn is long and merges
 * much); the gain is how many more lines a waiting write carries, which is about the line rate per
 * connection times the hold: half a line at 99k deliveries/s, several at 1.7M.
 * <ul>
 *   <li>{@code OFF}: nobody waits; every {@link #PROBE_EVERY_NANOS} a probe window starts.</li>
 *   <li>{@code PROBE}: odd ids wait, even ids are the control. A gain of {@link #ON_GAIN} hundredths of a line
 *       turns holding on, anything less turns it off.</li>
 *   <li>{@code ON}: all ids but one in {@link #ON_CONTROL_MASK}+1 wait, while the gain stays at least
 *       {@link #OFF_GAIN}. The gap is hysteresis: one noisy window must not flip the policy.</li>
 * </ul>
 * A window too quiet for {@link #MIN_WRITES} writes in each group ends in {@code OFF}: light traffic has
 * nothing to merge. The bookkeeping is O(1) per send and per flush and allocates nothing. A probe costs at
 * most one hold for half the connections every two seconds. Apart from all this, a new connection's greeting
 * may wait {@link #GREETING_WAIT_NANOS} for the client's first lines (see {@link #mayWait}).
 * {@code -Dchatjar.coalesce=false} turns all waiting off, for comparison.
 */
final class Coalescing {
    enum Mode { OFF, PROBE, ON }
    private static final Logger log = LoggerFactory.getLogger(Coalescing.class);

    /** Output at or above this is flushed at once: a write of 4 KiB already amortises its system call. */
    static final int MAX_BYTES = 4096;
    /** The longest a line is held for others to join it. */
    static final long MAX_AGE_NANOS = Long.getLong("chatjar.coalesce.ageMicros", 5000) * 1000;
    /** How long a greeting may wait for a new connection's first lines. */
    static final long GREETING_WAIT_NANOS = 2_000_000L;
    /**
     * Lines (in hundredths) a waiting write must carry beyond a control write for a probe to turn holding on:
     * about the number of lines that join a held one, the line rate per connection times the hold. At 99k
     * deliveries/s (100 lines/s per client, a 5 ms hold) that is half a line, at 1.7M eight or more.
     */
    static final long ON_GAIN = Long.getLong("chatjar.coalesce.onGain", 300);
    /** ...below which holding turns off again. */
    static final long OFF_GAIN = Long.getLong("chatjar.coalesce.offGain", 150);
    /**
     * A window lasts at least this long and this many turns: on a saturated loop one turn can outlast the hold,
     * and a window of two turns would weigh one boundary more than the traffic.
     */
    static final long WINDOW_NANOS = 20_000_000L;
    static final int MIN_TURNS = 8;
    static final long PROBE_EVERY_NANOS = 2_000_000_000L;
    /** Fewer writes than this in either group over a window is too little traffic to judge, or to merge. */
    static final long MIN_WRITES = 64;
    /** While on, ids with these bits clear (one in 16) are the control group. */
    static final long ON_CONTROL_MASK = 15;

    private final boolean enabled;
    private Mode mode = Mode.OFF;
    private boolean started;
    private long windowStart;
    private int turns;
    private long nextProbe;
    private long waitLines;
    private long waitWrites;
    private long controlLines;
    private long controlWrites;
    /** The last window's gain in hundredths of a line, -1 if it was too quiet: for tests and the debug log. */
    private long lastGain = -1;

    Coalescing() {
        this(!"false".equals(System.getProperty("chatjar.coalesce")));
    }

    Coalescing(boolean enabled) {
        this.enabled = enabled;
    }

    /** Called once per turn with the loop's clock; ends the window when it is due. */
    void turn(long nowNanos) {
        if (!started) {
            started = true;
            windowStart = nowNanos;
            nextProbe = nowNanos; // a fresh server probes at once
        }
        if (!enabled) return;
        if (mode == Mode.OFF) {
            if (nowNanos - nextProbe >= 0) startWindow(Mode.PROBE, nowNanos);
            return;
        }
        if (++turns < MIN_TURNS || nowNanos - windowStart < WINDOW_NANOS) return;
        boolean quiet = waitWrites < MIN_WRITES || controlWrites < MIN_WRITES || controlLines == 0;
        lastGain = quiet ? -1 : waitLines * 100 / waitWrites - controlLines * 100 / controlWrites;
        Mode next;
        if (quiet) next = Mode.OFF;
        else if (mode == Mode.PROBE) next = lastGain >= ON_GAIN ? Mode.ON : Mode.OFF;
        else next = lastGain >= OFF_GAIN ? Mode.ON : Mode.OFF;
        if (next == Mode.OFF) nextProbe = nowNanos + PROBE_EVERY_NANOS;
        if (next != mode && log.isDebugEnabled()) {
            log.debug("coalescing {} -> {}: waiting {} lines in {} writes, control {} in {} (gain {}/100)",
                    mode, next, waitLines, waitWrites, controlLines, controlWrites, lastGain);
        }
        startWindow(next, nowNanos);
    }

    private void startWindow(Mode m, long nowNanos) {
        mode = m;
        windowStart = nowNanos;
        turns = 0;
        waitLines = waitWrites = controlLines = controlWrites = 0;
    }

    /** True if a connection with this id is in the group that waits in the current mode. */
    boolean waits(long id) {
        return switch (mode) {
            case OFF -> false;
            case PROBE -> (id & 1) != 0;
            case ON -> (id & ON_CONTROL_MASK) != 0;
        };
    }

    boolean mayWait(Connection c, long nowNanos) {
        if (c.closing || c.pending >= MAX_BYTES) return false;
        // A new connection's greeting waits briefly for the client's first lines (NICK/USER usually follow the
        // handshake at once), so greeting and welcome burst share one write(): one system call and one reader
        // wake-up fewer per connection, which is what a connect storm is made of.
        if (!c.heard) return enabled && nowNanos - c.queuedAt < GREETING_WAIT_NANOS;
        return waits(c.id) && nowNanos - c.queuedAt < MAX_AGE_NANOS;
    }

    /** An end-of-turn flush of connection {@code id} wrote {@code lines} queued lines in {@code writes} calls. */
    void flushed(long id, long lines, long writes) {
        if (mode == Mode.OFF || writes == 0) return;
        if (waits(id)) {
            waitLines += lines;
            waitWrites += writes;
        } else {
            controlLines += lines;
            controlWrites += writes;
        }
    }

    Mode mode() {
        return mode;
    }

    long lastGainHundredths() {
        return lastGain;
    }
}
