package chatjar.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Standard error through a bounded queue and a writer thread, so a log line never blocks the reactor on a slow
 * terminal or a full pipe. When the queue is full, lines are dropped and counted rather than waited for: losing a
 * log line is better than stalling every connection.
 */
final class AsyncStderr extends OutputStream {
    private static final byte[] FLUSH = new byte[0];
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(8192);
    private final AtomicLong dropped = new AtomicLong();
    private final OutputStream target;

    private AsyncStderr(OutputStream target) {
        this.target = target;
        Thread t = new Thread(this::drain, "log-writer");
        t.setDaemon(true);
        t.start();
    }

    /** Replaces System.err; returns a hook that drains what is queued (for a clean exit). */
    static Runnable install() {
        AsyncStderr s = new AsyncStderr(System.err);
        System.setErr(new PrintStream(s, true));
        return s::drainNow;
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len == 0) return;
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        if (!queue.offer(copy)) dropped.incrementAndGet();
    }

    private void drain() {
        try {
            while (true) {
                byte[] b = queue.take();
                if (b == FLUSH) {
                    synchronized (this) {
                        notifyAll();
                    }
                    continue;
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) target.write(("[" + lost + " log writes dropped: stderr too slow]\n").getBytes());
                target.write(b);
                if (queue.isEmpty()) target.flush();
            }
        } catch (Exception e) {
            // stderr is gone; nothing left to report to
        }
    }

    private void drainNow() {
        synchronized (this) {
            try {
                if (queue.offer(FLUSH, 1, TimeUnit.SECONDS)) wait(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
