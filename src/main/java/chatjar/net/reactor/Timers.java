package chatjar.net.reactor;

import chatjar.net.Scheduler.Cancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.PriorityQueue;

/**
 * The loop's timers: a priority queue by deadline, checked once per turn, so no timer thread exists. Touched
 * only on the loop thread. Cancelling marks the timer; it is dropped when it comes due (cheaper than removal
 * from the middle of a heap, and ping timers are rarely cancelled).
 */
final class Timers {
    private static final Logger log = LoggerFactory.getLogger(Timers.class);
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private long seq;

    /** A timer not yet armed; {@link #arm} puts it in the queue (on the loop thread). */
    Timer create(Runnable task) {
        return new Timer(task);
    }

    void arm(Timer t, long deadline) {
        t.deadline = deadline;
        t.seq = seq++; // equal deadlines run in the order they were scheduled
        queue.add(t);
    }

    /** Milliseconds until the next deadline, clamped to [1, max]; max when there is none. */
    long waitMillis(long now, long max) {
        Timer next = queue.peek();
        if (next == null) return max;
        return Math.max(1, Math.min(max, next.deadline - now));
    }

    void runDue(long now) {
        Timer t;
        while ((t = queue.peek()) != null && t.deadline <= now) {
            queue.poll();
            if (t.cancelled) continue;
            try {
                t.task.run();
            } catch (RuntimeException e) {
                log.error("timer failed", e);
            }
        }
    }

    static final class Timer implements Comparable<Timer>, Cancellable {
        /** Null once cancelled: a queued timer must not keep a closed connection's objects alive until it is due. */
        Runnable task;
        long deadline;
        long seq;
        boolean cancelled;

        Timer(Runnable task) {
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
            task = null;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
