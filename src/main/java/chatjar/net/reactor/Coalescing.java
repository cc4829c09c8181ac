package chatjar.net.reactor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adaptive write coalescing, the loop's one flush policy beyond "flush before select". By default every dirty
 * connection is flushed at the end of the turn, so a line goes out within the turn that produced it. A
 * connection may instead hold small, young output (under {@link #MAX_BYTES}, at most {@link #MAX_AGE_NANOS})
 * so that the next lines for it share its write(): with fan-out the kernel's write path per call is what
 * costs. Holding is only worth its latency while it actually merges lines, so the policy measures that
 * instead of guessing it from load (issue 13: at 99k deliveries/s a hold that merged little multiplied the
 * median latency by nine and saved no CPU).
 *
 * <p>The measure is an experiment run on live traffic. Connections are split by id into a group that waits and
 * a control group that does not; over each {@link #WINDOW_NANOS} window the policy counts, per group, lines
 * queued by end-of-turn flushes and the write() calls those flushes made. Holding pays while the waiting
 * group's lines per write are clearly above the control group's, which flush-before-select already merges
 * whatever lands in one turn (at high rates turns are long and that alone merges most). So:
 * <ul>
 *   <li>{@code OFF}: nobody waits. Every {@link #PROBE_EVERY_NANOS} a probe window starts.</li>
 *   <li>{@code PROBE}: odd ids wait, even ids are the control. At the end, a merge ratio (waiting lines per
 *       write over control lines per write) of at least {@link #ON_PERCENT}% turns holding on, else off.</li>
 *   <li>{@code ON}: all but one id in {@link #ON_CONTROL_MASK}+1 wait; holding stays on while the ratio stays at
 *       least {@link #OFF_PERCENT}%. The gap is hysteresis: holding shortens turns, which lowers the control's
 *       merging and so keeps the ratio up; it must not flip the policy on every window.</li>
 * </ul>
 * A window too quiet to give {@link #MIN_WRITES} writes per group ends in {@code OFF}: light traffic has
 * nothing to merge. Everything is O(1) per send and per flush, with no allocation. A new connection's greeting
 * may wait {@link #GREETING_WAIT_NANOS} for the client's first lines whatever the mode (see
 * {@link #mayWait}). {@code -Dchatjar.coalesce=false} turns all waiting off, for comparison.
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
    /** Merge ratio (percent) a probe must show to turn holding on... */
    static final long ON_PERCENT = Long.getLong("chatjar.coalesce.onPercent", 200);
    /** ...and below which holding turns off again. */
    static final long OFF_PERCENT = Long.getLong("chatjar.coalesce.offPercent", 150);
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
    /** The last window's merge ratio in percent, or -1 if it had too little traffic: for tests and tracing. */
    private long lastRatio = -1;

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
        lastRatio = ratioPercent();
        Mode next;
        if (lastRatio < 0) next = Mode.OFF;
        else if (mode == Mode.PROBE) next = lastRatio >= ON_PERCENT ? Mode.ON : Mode.OFF;
        else next = lastRatio >= OFF_PERCENT ? Mode.ON : Mode.OFF;
        if (next == Mode.OFF) nextProbe = nowNanos + PROBE_EVERY_NANOS;
        if (next != mode && log.isDebugEnabled()) {
            log.debug("coalescing {} -> {}: waiting {} lines in {} writes, control {} in {} ({}%)",
                    mode, next, waitLines, waitWrites, controlLines, controlWrites, lastRatio);
        }
        startWindow(next, nowNanos);
    }

    private void startWindow(Mode m, long nowNanos) {
        mode = m;
        windowStart = nowNanos;
        turns = 0;
        waitLines = waitWrites = controlLines = controlWrites = 0;
    }

    /** Waiting lines per write over control lines per write, in percent; -1 when either group is too quiet. */
    private long ratioPercent() {
        if (waitWrites < MIN_WRITES || controlWrites < MIN_WRITES || controlLines == 0) return -1;
        return waitLines * controlWrites * 100 / (waitWrites * controlLines);
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

    long lastRatioPercent() {
        return lastRatio;
    }
}
