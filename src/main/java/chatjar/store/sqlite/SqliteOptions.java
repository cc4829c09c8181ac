package chatjar.store.sqlite;

import chatjar.store.Retention;
import chatjar.store.scram.Scram;

/**
 * Tuning of the SQLite store; {@link #defaults()} is what the server uses.
 *
 * @param queueCapacity   events the writer queue holds before {@code append} refuses (and counts) them
 * @param maxBatch        events per commit at most (group commit takes whatever is queued, up to this)
 * @param readers         reader threads, each with its own connection
 * @param ringLines       recent events kept in memory per target
 * @param ringTargets     targets kept in memory
 * @param ringBytes       approximate bytes kept in memory
 * @param retention       what the purge removes
 * @param scramIterations PBKDF2 iterations for new credentials
 * @param lockDirectory   take the data directory's lock file (the server does; the offline CLI does not)
 * @param busyTimeoutMs   how long a connection waits for another process's lock before giving up
 * @param retryMillis     first delay before retrying a failed commit (doubles up to 5 s)
 * @param faultHook       test hook on the writer
 * @param lingerMicros    how long the writer waits at most for more events when a batch is small (0: commit at
 *                        once); 10 ms: each commit costs ~150 us of WAL frames whatever it carries
 */
public record SqliteOptions(int queueCapacity, int maxBatch, int readers, int ringLines, int ringTargets,
                            long ringBytes, Retention retention, int scramIterations, boolean lockDirectory,
                            int busyTimeoutMs, long retryMillis, FaultHook faultHook, int lingerMicros) {
    public static SqliteOptions defaults() {
        return new SqliteOptions(100_000, 4096, 2, 256, 10_000, 64L << 20, Retention.FOREVER,
                Scram.DEFAULT_ITERATIONS, true, 2000, 100, FaultHook.NONE, 10_000);
    }

    public SqliteOptions withRetention(Retention r) {
        return new SqliteOptions(queueCapacity, maxBatch, readers, ringLines, ringTargets, ringBytes, r, scramIterations,
                lockDirectory, busyTimeoutMs, retryMillis, faultHook, lingerMicros);
    }

    public SqliteOptions withQueue(int capacity, int batch) {
        return new SqliteOptions(capacity, batch, readers, ringLines, ringTargets, ringBytes, retention, scramIterations,
                lockDirectory, busyTimeoutMs, retryMillis, faultHook, lingerMicros);
    }

    public SqliteOptions withRings(int lines, int targets, long bytes) {
        return new SqliteOptions(queueCapacity, maxBatch, readers, lines, targets, bytes, retention, scramIterations,
                lockDirectory, busyTimeoutMs, retryMillis, faultHook, lingerMicros);
    }

    public SqliteOptions withScramIterations(int iterations) {
        return new SqliteOptions(queueCapacity, maxBatch, readers, ringLines, ringTargets, ringBytes, retention, iterations,
                lockDirectory, busyTimeoutMs, retryMillis, faultHook, lingerMicros);
    }

    public SqliteOptions withLock(boolean lock, int busyTimeout) {
        return new SqliteOptions(queueCapacity, maxBatch, readers, ringLines, ringTargets, ringBytes, retention, scramIterations,
                lock, busyTimeout, retryMillis, faultHook, lingerMicros);
    }

    public SqliteOptions withLinger(int micros) {
        return new SqliteOptions(queueCapacity, maxBatch, readers, ringLines, ringTargets, ringBytes, retention, scramIterations,
                lockDirectory, busyTimeoutMs, retryMillis, faultHook, micros);
    }

    public SqliteOptions withFaults(FaultHook hook, long retry) {
        return new SqliteOptions(queueCapacity, maxBatch, readers, ringLines, ringTargets, ringBytes, retention, scramIterations,
                lockDirectory, busyTimeoutMs, retry, hook, lingerMicros);
    }
}
