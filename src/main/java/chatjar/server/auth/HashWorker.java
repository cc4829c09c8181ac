package chatjar.server.auth;

import chatjar.net.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Verifies passwords off the loop thread. PBKDF2 costs tens to hundreds of milliseconds on purpose, which
 * would stall every connection if run on the reactor; here it runs on one daemon worker and the answer comes
 * back to the loop through {@link Scheduler#execute}. The queue is bounded: when it is full the attempt fails
 * at once (answered false) rather than letting a password flood build an unbounded backlog.
 */
public final class HashWorker {
    private static final Logger log = LoggerFactory.getLogger(HashWorker.class);
    private static final int QUEUE = 64;

    private final Scheduler loop;
    /** Made on first use (OPER, SASL): most servers never need the thread. */
    private ThreadPoolExecutor pool;

    public HashWorker(Scheduler loop) {
        this.loop = loop;
    }

    /** Checks {@code password} against {@code encoded} and calls {@code result} on the loop thread. Loop thread only. */
    public void verify(String encoded, String password, Consumer<Boolean> result) {
        if (pool == null) {
            pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "password-hash");
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
        }
        char[] pw = PasswordHash.copy(password);
        try {
            pool.execute(() -> {
                boolean ok;
                try {
                    ok = PasswordHash.verify(encoded, pw);
                } catch (RuntimeException e) {
                    log.error("password check failed", e);
                    ok = false;
                } finally {
                    PasswordHash.wipe(pw);
                }
                boolean answer = ok;
                loop.execute(() -> result.accept(answer));
            });
        } catch (RejectedExecutionException e) {
            PasswordHash.wipe(pw);
            log.warn("password checks are queueing up; refusing one");
            result.accept(false);
        }
    }

    public void shutdown() {
        if (pool != null) pool.shutdownNow();
    }
}
