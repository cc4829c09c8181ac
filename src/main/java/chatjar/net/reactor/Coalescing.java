package chatjar.net.reactor;

/**
 * Adaptive write coalescing, the loop's one flush policy beyond "flush before select". At light load every
 * dirty connection is flushed at the end of the turn, so a line goes out within the turn that produced it.
 * Under load, a connection whose pending output is small and young waits a turn or two (at most
 * {@link #MAX_AGE_NANOS}) so that the next lines for it share its write(): with fan-out, the kernel's write
 * path per call is what costs, and fewer calls per delivery is the biggest saving left (issue 8 measured it).
 * Load is judged by deliveries queued per millisecond over a short window, not by wall-clock busy time, so
 * the decision does not feed back into itself. {@code -Dchatjar.coalesce=false} turns it off for comparison.
 */
final class Coalescing {
    /** Output at or above this is flushed at once: a write of 4 KiB already amortises its system call. */
    static final int MAX_BYTES = 4096;
    /** The latency a line may gain by waiting. */
    static final long MAX_AGE_NANOS = 2_000_000L;
    /** Deliveries per millisecond above which the loop counts as loaded (about 300,000 per second). */
    static final long LOADED_SENDS_PER_MS = 300;
    private static final long WINDOW_NANOS = 10_000_000L;

    private final boolean enabled = !"false".equals(System.getProperty("chatjar.coalesce"));
    private long windowStart;
    private long sendsAtWindowStart;
    private boolean loaded;

    /** Called once per turn with the loop's running count of queued sends. */
    void turn(long nowNanos, long sends) {
        long dt = nowNanos - windowStart;
        if (dt < WINDOW_NANOS) return;
        loaded = enabled && (sends - sendsAtWindowStart) * 1_000_000L / dt >= LOADED_SENDS_PER_MS;
        windowStart = nowNanos;
        sendsAtWindowStart = sends;
    }

    boolean mayWait(Connection c, long nowNanos) {
        return loaded && !c.closing && c.pending < MAX_BYTES && nowNanos - c.queuedAt < MAX_AGE_NANOS;
    }

    boolean loaded() {
        return loaded;
    }
}
