package chatjar.net.reactor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adaptive write coalescing, the loop's one flush policy beyond "flush before select". By default every dirty
 * connection is flushed at the end of the turn, so a line goes out within the turn that produced it. While
 * holding is on, a connection may instead keep small, young output (under {@link #MAX_BYTES}, at most
 * {@link #MAX_AGE_NANOS}) so that the next lines for it share its write(): with fan-out the kernel's write
 * path per call is what costs. A hold is only worth its latency while it merges lines, so the policy measures
 * that instead of inferring it from load (issue 13: at 99k deliveries/s a busy-share rule held output that
 * merged little, multiplied the median latency by nine and saved no CPU).
 *
 * <p>The measure is lines per write() over the whole loop: the lines that end-of-turn flushes carried, over
 * the write() calls they made, in windows of at least {@link #WINDOW_NANOS} and {@link #MIN_TURNS} turns. The
 * loop keeps the figure of its current mode, and every {@link #PROBE_EVERY_NANOS} runs one window in the
 * other mode, after a pause ({@link #MAX_AGE_NANOS}, or {@link #SETTLE_NANOS} when holding stops) so that
 * what one mode did is not counted for the other. A probe turns holding on when it adds {@link #ON_GAIN}
 * hundredths of a line per write; it stays on while the gain is at least {@link #OFF_GAIN}, and stops at
 * once, without a probe, when the load falls. The gain is about the line rate per connection times the hold:
 * measured, under a line at 99k deliveries/s and mostly 3 to 28 at 1.7M (docs/benchmarks.md).
 *
 * <p>Whole windows, not a waiting group against a control group in the same window: holding changes the
 * loop's turns (flushes bunch, turns lengthen, each read takes more), which helps connections that do not
 * wait as much as those that do, so a same-window control showed no gain at 1.7M where the CPU showed one.
 *
 * <p>A window too quiet for {@link #MIN_WRITES} writes turns holding off: light traffic has nothing to merge.
 * The bookkeeping is O(1) per flush and per turn and allocates nothing; a probe costs one window of holds
 * every two seconds while off. Apart from all this, a new connection's greeting may wait
 * {@link #GREETING_WAIT_NANOS} for the client's first lines (see {@link #mayWait}).
 * {@code -Dchatjar.coalesce=false} turns all waiting off, for comparison.
 */
final class Coalescing {
    private static final Logger log = LoggerFactory.getLogger(Coalescing.class);

    /** Output at or above this is flushed at once: a write of 4 KiB already amortises its system call. */
    static final int MAX_BYTES = 4096;
    /** The longest a line is held for others to join it. */
    static final long MAX_AGE_NANOS = Long.getLong("chatjar.coalesce.ageMicros", 5000) * 1000;
    /** How long a greeting may wait for a new connection's first lines. */
    static final long GREETING_WAIT_NANOS = 2_000_000L;
    /**
     * Lines per write (hundredths) that holding must add over not holding for a probe to turn it on: each held
     * write must, on average, carry one more line. Measured (docs/benchmarks.md) the gain is 0-0.6 at 99k
     * deliveries/s, where the median latency is what matters, and 2-20 at 1.7M, where CPU per delivery is.
     */
    static final long ON_GAIN = Long.getLong("chatjar.coalesce.onGain", 100);
    /** ...and below which holding turns off again. */
    static final long OFF_GAIN = Long.getLong("chatjar.coalesce.offGain", 75);
    /**
     * A window lasts at least this long and this many turns: on a saturated loop one turn can outlast the hold,
     * and a window of two turns would weigh its boundaries more than the traffic.
     */
    static final long WINDOW_NANOS = 40_000_000L;
    static final int MIN_TURNS = 8;
    static final long PROBE_EVERY_NANOS = 2_000_000_000L;
    /**
     * After holding stops, counting waits this long: the long turns and big reads that holding brought outlast
     * the held lines themselves, and a window counted at once measured them as merging without holding.
     */
    static final long SETTLE_NANOS = 20_000_000L;
    /** Fewer writes than this in a window is too little traffic to judge, or to merge. */
    static final long MIN_WRITES = 64;

    private final boolean enabled;
    private boolean holding;
    /** This window runs the other mode, to measure it. */
    private boolean probing;
    private boolean started;
    /** Flushes count from here: a switch of mode waits for the previous mode's holds to drain. */
    private long countFrom;
    private boolean counting = true;
    private int turns;
    private long lines;
    private long writes;
    private long nextProbe;
    private long windows;
    /** Lines per write (hundredths), averaged over recent windows holding and not holding; -1 if unknown. */
    private long onFigure = -1;
    private long offFigure = -1;
    /** The last probe's gain in hundredths of a line (holding minus not), -1 if a window was quiet. */
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
            countFrom = nowNanos;
            nextProbe = nowNanos; // a fresh server probes after its first window
        }
        if (!enabled) return;
        if (!counting) {
            if (nowNanos - countFrom < 0) return;
            counting = true;
        }
        if (++turns < MIN_TURNS || nowNanos - countFrom < WINDOW_NANOS) return;
        windows++;
        long perWrite = writes < MIN_WRITES ? -1 : lines * 100 / writes;
        if (perWrite < 0) { // too quiet to merge anything: stop holding, and forget figures of another load
            onFigure = offFigure = -1;
            probing = false;
            if (holding) switchTo(false, nowNanos);
            else startWindow(nowNanos, nowNanos);
            return;
        }
        // The mode that ran gets the figure: the current mode's is averaged over its recent windows, while a
        // probe's stands alone, so that after a change of load the other mode is judged on the new load.
        if (holding) onFigure = probing ? perWrite : average(onFigure, perWrite);
        else offFigure = probing ? perWrite : average(offFigure, perWrite);
        if (!probing) {
            if (holding && offFigure >= 0 && onFigure - offFigure < OFF_GAIN) {
                // The load fell: holding now merges no more than not holding did, so stop without waiting for
                // a probe. (If the load rose instead, the old figure understates not holding; that can wait.)
                nextProbe = nowNanos + PROBE_EVERY_NANOS;
                switchTo(false, nowNanos);
            } else if (nowNanos - nextProbe >= 0) {
                probing = true;
                switchTo(!holding, nowNanos);
            } else startWindow(nowNanos, nowNanos);
            return;
        }
        boolean was = !holding;
        lastGain = onFigure < 0 || offFigure < 0 ? -1 : onFigure - offFigure;
        boolean next = lastGain >= (was ? OFF_GAIN : ON_GAIN);
        if (log.isDebugEnabled()) {
            log.debug("coalescing {}: {}/100 lines per write holding, {}/100 not",
                    next ? "on" : "off", onFigure, offFigure);
        }
        probing = false;
        nextProbe = nowNanos + PROBE_EVERY_NANOS;
        if (next == holding) startWindow(nowNanos, nowNanos);
        else switchTo(next, nowNanos);
    }

    /** A moving average over about four windows: one window on a shared machine can be far off. */
    private static long average(long figure, long sample) {
        return figure < 0 ? sample : figure + (sample - figure) / 4;
    }

    private void switchTo(boolean hold, long nowNanos) {
        holding = hold;
        startWindow(nowNanos, nowNanos + (hold ? MAX_AGE_NANOS : SETTLE_NANOS));
    }

    private void startWindow(long nowNanos, long from) {
        countFrom = from;
        counting = from == nowNanos;
        turns = 0;
        lines = writes = 0;
    }

    boolean mayWait(Connection c, long nowNanos) {
        if (c.closing || c.pending >= MAX_BYTES) return false;
        // A new connection's greeting waits briefly for the client's first lines (NICK/USER usually follow the
        // handshake at once), so greeting and welcome burst share one write(): one system call and one reader
        // wake-up fewer per connection, which is what a connect storm is made of.
        if (!c.heard) return enabled && nowNanos - c.queuedAt < GREETING_WAIT_NANOS;
        return holding && nowNanos - c.queuedAt < MAX_AGE_NANOS;
    }

    /** An end-of-turn flush wrote {@code n} queued lines in {@code calls} write() calls. */
    void flushed(long n, long calls) {
        if (!counting) return;
        lines += n;
        writes += calls;
    }

    boolean holding() {
        return holding;
    }

    boolean probing() {
        return probing;
    }

    /** Windows measured so far. */
    long windows() {
        return windows;
    }

    long lastGainHundredths() {
        return lastGain;
    }
}
