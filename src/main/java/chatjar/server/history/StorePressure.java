package chatjar.server.history;

import chatjar.server.ServerConfig;
import chatjar.store.HistoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Back-pressure from the store's writer to the senders. While the writer is behind (its queue past 3/4, until
 * it drains to 1/4) every client's fakelag runs at a quarter of its rate with a burst of one line, so chat
 * slows down instead of history being lost; the flood backlog and Excess Flood still bound each client. With
 * flood control off (benchmarks) nothing is slowed, and what does not fit the queue is counted as not persisted.
 * Loop thread only; the store reports changes through the loop's executor.
 */
public final class StorePressure {
    private static final Logger log = LoggerFactory.getLogger(StorePressure.class);
    static final int SLOWDOWN = 4;
    private static final long LOG_EVERY_MILLIS = 60_000;

    private boolean behind;
    private long episodes;
    private long lastLogAt = Long.MIN_VALUE;
    private ServerConfig.Limits cachedFrom;
    private ServerConfig.Limits cachedSlowed;

    /** Follows the store's signal; a memory-only store is never behind. */
    public void watch(HistoryStore store, Executor loop) {
        store.onPressure(loop, this::changed);
    }

    /** Package-private for tests that drive the signal by hand. */
    void changed(boolean nowBehind) {
        if (nowBehind == behind) return;
        behind = nowBehind;
        if (nowBehind) episodes++;
        long now = System.currentTimeMillis();
        if (now - lastLogAt >= LOG_EVERY_MILLIS || lastLogAt == Long.MIN_VALUE) {
            lastLogAt = now;
            if (nowBehind) log.warn("history writer is behind: slowing senders to 1/{} of their rate until it catches up", SLOWDOWN);
            else log.info("history writer caught up: senders back to their usual rate");
        }
    }

    public boolean behind() {
        return behind;
    }

    /** Times the writer fell behind since start. */
    public long episodes() {
        return episodes;
    }

    /** The limits senders are metered by: {@code configured}, or a slowed copy while the writer is behind. */
    public ServerConfig.Limits limits(ServerConfig.Limits configured) {
        if (!behind || configured.floodBurst() <= 0) return configured;
        if (cachedFrom != configured) {
            cachedFrom = configured;
            cachedSlowed = configured.toBuilder().floodBurst(1).floodPerSecond(configured.floodPerSecond() / SLOWDOWN).build();
        }
        return cachedSlowed;
    }

    /** A {@code Limits} supplier wrapping the configured one. */
    public Supplier<ServerConfig.Limits> wrap(Supplier<ServerConfig.Limits> configured) {
        return () -> limits(configured.get());
    }
}
