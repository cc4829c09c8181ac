package chatjar.server.limits;

import chatjar.net.Scheduler;
import chatjar.server.ServerConfig;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Flood control for one client in the style of IRC "fakelag": a burst of {@code floodBurst} lines is handled
 * at once, after that lines are handled at {@code floodPerSecond}. Lines that arrive faster wait in a bounded
 * backlog, drained by loop timers (never by blocking, so nobody else waits); a client whose backlog passes
 * {@code floodMaxBacklog} lines is dropped for Excess Flood.
 *
 * <p>The bucket is kept as one number, the theoretical arrival time of the next line (the GCRA form of a token
 * bucket): a line may go now if that time is no more than {@code burst - 1} intervals in the future. The
 * backlog holds copies, because the transport's read buffer is reused after {@link #offer} returns. We keep
 * reading while a backlog exists: the cap bounds its memory, and a client that stops reading our replies is
 * the sendq's business, not this class's.
 *
 * <p>Cheap lines ({@link Sink#cheap}: PING, PONG, the queries a client sends when it joins) draw on a second
 * bucket, {@value #CHEAP_FACTOR} times the first in burst and rate, so keepalives and join bursts are answered at
 * once without spending what metering protects (lines that fan out). Both share the one ordered backlog: a
 * PING never overtakes a waiting PRIVMSG, so its PONG still means "everything before it is done". A client
 * flooding cheap lines past their budget fills the same backlog and is dropped the same way.
 *
 * <p>The same backlog serves {@link #hold}: while a command is answered off the loop, later lines wait here.
 */
public final class FloodGate {
    /** Where admitted lines go. */
    public interface Sink {
        void process(byte[] buf, int off, int len);

        boolean isOpen();

        /** The backlog overflowed; it is already dropped. */
        void excessFlood();

        /** {@link #process} threw while draining on a timer, where no connection-level handler would catch it. */
        void failed(RuntimeException e);

        /** True if this line is paid from the cheap budget; see {@link CheapLines}. */
        default boolean cheap(byte[] buf, int off, int len) {
            return false;
        }
    }

    /** How much larger the cheap budget is than the main one, in burst and in rate. */
    public static final int CHEAP_FACTOR = 10;

    private final Scheduler scheduler;
    private final Supplier<ServerConfig.Limits> limits;
    private final Sink sink;
    private long nextAt = Long.MIN_VALUE;
    private long cheapNextAt = Long.MIN_VALUE;
    private ArrayDeque<byte[]> backlog;
    private Scheduler.Cancellable timer;
    private boolean held;

    public FloodGate(Scheduler scheduler, Supplier<ServerConfig.Limits> limits, Sink sink) {
        this.scheduler = scheduler;
        this.limits = limits;
        this.sink = sink;
    }

    /** One line, valid only during the call: handled now, queued, or the end of a flooder. */
    public void offer(byte[] buf, int off, int len) {
        ServerConfig.Limits l = limits.get();
        long now = scheduler.nowMillis();
        boolean metered = l.floodBurst() > 0;
        if (!held) {
            if (backlog == null && (!metered || take(now, l, sink.cheap(buf, off, len)))) {
                sink.process(buf, off, len);
                return;
            }
            if (!metered) { // flood control was just switched off: keep the order
                drain(false);
                if (sink.isOpen()) sink.process(buf, off, len);
                return;
            }
        }
        if (backlog == null) backlog = new ArrayDeque<>();
        if (backlog.size() >= l.floodMaxBacklog()) {
            close();
            sink.excessFlood();
            return;
        }
        backlog.addLast(Arrays.copyOfRange(buf, off, off + len));
        if (!held && timer == null) arm(now, l, backlog.peekFirst());
    }

    /**
     * Holds every further line in the backlog until {@link #release}, so a command answered off the loop (OPER,
     * whose hash is checked on a worker) is complete before the client's next line is handled.
     */
    public void hold() {
        held = true;
        if (timer != null) timer.cancel();
        timer = null;
    }

    public boolean held() {
        return held;
    }

    /** Ends a {@link #hold}; what waited is handled next, at the usual rate. */
    public void release() {
        if (!held) return;
        held = false;
        if (backlog != null && timer == null) {
            timer = scheduler.schedule(1, () -> {
                timer = null;
                drain(true);
            });
        }
    }

    /** Lines waiting; 0 when the client is within its rate. */
    public int backlog() {
        return backlog == null ? 0 : backlog.size();
    }

    /** Drops the backlog and its timer; the connection is gone. */
    public void close() {
        if (timer != null) timer.cancel();
        timer = null;
        backlog = null;
    }

    /** GCRA on the line's bucket: true (and the bucket charged) if the line may go now. */
    private boolean take(long now, ServerConfig.Limits l, boolean cheap) {
        long interval = interval(l, cheap);
        long next = Math.max(cheap ? cheapNextAt : nextAt, now);
        if (next - now > (burst(l, cheap) - 1) * interval) return false;
        if (cheap) cheapNextAt = next + interval;
        else nextAt = next + interval;
        return true;
    }

    private static long interval(ServerConfig.Limits l, boolean cheap) {
        return Math.max(1, Math.round(1000 / (l.floodPerSecond() * (cheap ? CHEAP_FACTOR : 1))));
    }

    private static long burst(ServerConfig.Limits l, boolean cheap) {
        return (long) l.floodBurst() * (cheap ? CHEAP_FACTOR : 1);
    }

    /** A timer for when the backlog's first line may go, by its own bucket. */
    private void arm(long now, ServerConfig.Limits l, byte[] head) {
        boolean cheap = sink.cheap(head, 0, head.length);
        long due = (cheap ? cheapNextAt : nextAt) - (burst(l, cheap) - 1) * interval(l, cheap);
        timer = scheduler.schedule(Math.max(1, due - now), () -> {
            timer = null;
            drain(true);
        });
    }

    private void drain(boolean metered) {
        ServerConfig.Limits l = limits.get();
        long now = scheduler.nowMillis();
        boolean unmetered = !metered || l.floodBurst() <= 0;
        while (backlog != null && !backlog.isEmpty() && sink.isOpen() && !held) {
            byte[] head = backlog.peekFirst();
            if (!unmetered && !take(now, l, sink.cheap(head, 0, head.length))) {
                arm(now, l, head);
                return;
            }
            byte[] line = backlog.pollFirst();
            try {
                sink.process(line, 0, line.length);
            } catch (RuntimeException e) {
                close();
                sink.failed(e);
                return;
            }
        }
        if (backlog != null && backlog.isEmpty()) backlog = null;
    }
}
