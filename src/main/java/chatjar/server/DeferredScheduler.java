package chatjar.server;

import chatjar.net.Scheduler;

/**
 * The loop's {@link Scheduler}, handed to collaborators before the transport exists: the server is built first,
 * the transport is built around it, and {@link #bind} closes the circle when the server starts.
 */
final class DeferredScheduler implements Scheduler {
    private Scheduler loop;

    void bind(Scheduler loop) {
        this.loop = loop;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        return loop.schedule(delayMillis, task);
    }

    /** Before the loop is bound (tests that drive the server by hand) a monotonic clock of our own. */
    @Override
    public long nowMillis() {
        return loop == null ? System.nanoTime() / 1_000_000 : loop.nowMillis();
    }
}
