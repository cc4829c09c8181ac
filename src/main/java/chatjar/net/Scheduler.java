package chatjar.net;

/**
 * The loop's services offered to the protocol: run a task on the protocol thread (from any thread, the
 * hand-back path for workers) and timers driven by the loop itself, not by extra threads.
 */
public interface Scheduler {
    /** Runs the task on the protocol thread soon. Safe to call from any thread. */
    void execute(Runnable task);

    /** Runs the task on the protocol thread after the delay; cancel with the returned handle. */
    Cancellable schedule(long delayMillis, Runnable task);

    /** Monotonic milliseconds, cached once per loop turn. */
    long nowMillis();

    interface Cancellable {
        void cancel();
    }
}
