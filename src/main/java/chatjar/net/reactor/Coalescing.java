package chatjar.net.reactor;

/**
 * Adaptive write coalescing, the loop's one flush policy beyond "flush before select". At light load every
 * dirty connection is flushed at the end of the turn, so a line goes out within the turn that produced it.
 * Under load, a connection whose pending output is small and young waits a turn or two (at most
 * {@link #MAX_AGE_NANOS}) so that the next lines for it share its write(): with fan-out, the kernel's write
 * path per call is what costs, and fewer calls per delivery is the biggest saving left (issue 8 measured it).
 *
 * <p>Load is the share of wall-clock time the loop spent outside select() over a short window: when the loop
 * is that busy, a new line already waits for the turns ahead of it, and holding small output a little longer
 * costs less latency than the queueing it removes. It is machine-independent where a rate threshold is not (a
 * slow virtual machine is saturated by a rate a fast one idles through). Hysteresis keeps the decision from
 * feeding back into itself: coalescing lowers the busy share, so it is switched off only well below the level
 * that switched it on. {@code -Dchatjar.coalesce=false} turns it off for comparison.
 */
final class Coalescing {
    /** Output at or above this is flushed at once: a write of 4 KiB already amortises its system call. */
    static final int MAX_BYTES = 4096;
    /** The latency a line may gain by waiting: 5 ms measured better than 2 ms at both 99k and 1.7M deliveries/s (docs/benchmarks.md). */
    static final long MAX_AGE_NANOS = Long.getLong("chatjar.coalesce.ageMicros", 5000) * 1000;
    /** How long a greeting may wait for a new connection's first lines. */
    static final long GREETING_WAIT_NANOS = 2_000_000L;
    /** Busy share (per mille) of a window at or above which the loop starts coalescing... */
    static final long BUSY_ON_PERMILLE = Long.getLong("chatjar.coalesce.busyOn", 500);
    /** ...and below which it stops. */
    static final long BUSY_OFF_PERMILLE = 250;
    /** A loop that queues fewer deliveries than this per millisecond is busy with something else: no waiting. */
    static final long MIN_SENDS_PER_MS = 20;
    private static final long WINDOW_NANOS = 10_000_000L;

    private final boolean enabled = !"false".equals(System.getProperty("chatjar.coalesce"));
    private long windowStart;
    private long idleInWindow;
    private long sendsAtWindowStart;
    private boolean loaded;

    /**
     * Called once per turn, after select() returned: {@code selectNanos} is how long it blocked, {@code sends}
     * the loop's running count of queued sends.
     */
    void turn(long nowNanos, long selectNanos, long sends) {
        idleInWindow += selectNanos;
        long dt = nowNanos - windowStart;
        if (dt < WINDOW_NANOS) return;
        long busyPermille = Math.max(0, dt - idleInWindow) * 1000 / dt;
        boolean traffic = (sends - sendsAtWindowStart) * 1_000_000L / dt >= MIN_SENDS_PER_MS;
        if (!enabled || !traffic) loaded = false;
        else if (busyPermille >= BUSY_ON_PERMILLE) loaded = true;
        else if (busyPermille < BUSY_OFF_PERMILLE) loaded = false;
        windowStart = nowNanos;
        idleInWindow = 0;
        sendsAtWindowStart = sends;
    }

    boolean mayWait(Connection c, long nowNanos) {
        if (c.closing || c.pending >= MAX_BYTES) return false;
        // A new connection's greeting waits briefly for the client's first lines (NICK/USER usually follow the
        // handshake at once), so greeting and welcome burst share one write(): one system call and one reader
        // wake-up fewer per connection, which is what a connect storm is made of.
        if (!c.heard) return enabled && nowNanos - c.queuedAt < GREETING_WAIT_NANOS;
        return loaded && nowNanos - c.queuedAt < MAX_AGE_NANOS;
    }

    boolean loaded() {
        return loaded;
    }
}
