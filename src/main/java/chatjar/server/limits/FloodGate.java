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
    }

    private final Scheduler scheduler;
    private final Supplier<ServerConfig.Limits> limits;
    private final Sink sink;
    private long nextAt = Long.MIN_VALUE;
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
            if (backlog == null && (!metered || take(now, l))) {
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
        if (!held && timer == null) arm(now, l);
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

    private boolean take(long now, ServerConfig.Limits l) {
        long interval = interval(l);
        if (nextAt < now) nextAt = now;
        if (nextAt - now > (l.floodBurst() - 1) * interval) return false;
        nextAt += interval;
        return true;
    }

    private static long interval(ServerConfig.Limits l) {
        return Math.max(1, Math.round(1000 / l.floodPerSecond()));
    }

    private void arm(long now, ServerConfig.Limits l) {
        long due = nextAt - (l.floodBurst() - 1) * interval(l);
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
            if (!unmetered && !take(now, l)) {
                arm(now, l);
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
