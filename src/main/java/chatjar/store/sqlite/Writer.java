package chatjar.store.sqlite;

import chatjar.store.Completion;
import chatjar.store.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The one thread that writes. Group commit: it takes whatever is queued (up to {@code maxBatch}) and commits it
 * in one transaction, so under load each fsync-free WAL commit carries thousands of events. Below that load
 * each commit would carry only the few events that arrived during the last one, and a commit's fixed cost (a
 * WAL frame, two {@code pwrite}s, for each page it touched: one index leaf per active target and the table's
 * tail, ~150 us) paid every few dozen messages dominated the writer's CPU at 1.7 M deliveries/s; so while a
 * batch is smaller than {@code maxBatch / 16} the writer waits {@code lingerNanos} (10 ms) for company (a job
 * cuts the wait short). A lone event is thus persisted within ~10 ms plus its commit, and
 * {@code kill -9} still loses only the batch being gathered or committed (the rings keep every event until it
 * is durable, so queries never miss one). Jobs (account changes, purges) never wait. Events are bounded by
 * {@code capacity}: past it {@link #offer} refuses and counts, and from 3/4 full until 1/4 the {@link #behind()}
 * signal is raised for the server's flow control.
 * Account changes and purges ride the same queue (never refused: they are rare and throttled upstream).
 * <p>
 * A failed commit (disk full, I/O error) is rolled back and retried with the same batch, with a growing delay,
 * logging at most once a minute: chat goes on from memory, and the backlog is persisted once space returns. A
 * failure that retrying cannot cure (a constraint, a bug) is isolated by committing the batch item by item and
 * dropping only the items that fail.
 */
final class Writer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Writer.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long MAX_RETRY_MILLIS = 5000;
    private static final Object STOP = new Object();

    /** Work done inside the writer's transaction; its value is answered after the commit. */
    interface Task {
        Object apply(Connection c) throws SQLException;
    }

    private record Job(Task task, Executor on, Completion<Object> done) {}

    private final Connection connection;
    private final HistorySql history;
    private final int capacity;
    private final int maxBatch;
    private final long lingerNanos;
    /** A batch smaller than this waits {@link #lingerNanos} for more before committing. */
    private final int lingerBelow;
    private long batches;
    private final long retryMillis;
    private final FaultHook faults;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final AtomicBoolean behind = new AtomicBoolean();
    private final AtomicLong persisted = new AtomicLong();
    private final AtomicLong notPersisted = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private volatile long committedSeq;
    private volatile String lastError;
    private volatile boolean closing;
    private volatile Executor pressureExecutor;
    private volatile Consumer<Boolean> pressureListener;
    /** The writer thread once running (null before: nothing to unpark then). */
    private volatile Thread thread;
    private long lastLogNanos = System.nanoTime() - LOG_EVERY_NANOS;
    private int failuresInRow;
    /** Whether the last failed commit is worth retrying as it is (set by {@link #failed}). */
    private boolean retryable;
    private long reportedRefusals;
    private long lastRefusalLogNanos = System.nanoTime() - LOG_EVERY_NANOS;

    Writer(Connection connection, HistorySql history, long lastSeq, SqliteOptions options) {
        this.connection = connection;
        this.history = history;
        this.capacity = options.queueCapacity();
        this.maxBatch = options.maxBatch();
        this.lingerNanos = options.lingerMicros() * 1000L;
        this.lingerBelow = Math.max(1, maxBatch / 16);
        this.retryMillis = Math.max(1, options.retryMillis());
        this.faults = options.faultHook();
        this.committedSeq = lastSeq;
    }

    /** From the loop: queue one event, or refuse (counted) when the queue is full or the store closing. */
    boolean offer(StoredEvent e) {
        if (closing) {
            notPersisted.incrementAndGet();
            return false;
        }
        int n = pendingEvents.incrementAndGet();
        if (n > capacity) {
            pendingEvents.decrementAndGet();
            notPersisted.incrementAndGet();
            return false;
        }
        if (n >= capacity - capacity / 4) setBehind(true);
        queue.add(e);
        return true;
    }

    @SuppressWarnings("unchecked")
    <T> void submit(Task task, Executor on, Completion<T> done) {
        if (closing) {
            on.execute(() -> done.complete(null, new IllegalStateException("store closed")));
            return;
        }
        queue.add(new Job(task, on, (Completion<Object>) done));
        LockSupport.unpark(thread); // a lingering writer commits now: jobs never wait
    }

    void onPressure(Executor on, Consumer<Boolean> listener) {
        pressureExecutor = on;
        pressureListener = listener;
    }

    private void setBehind(boolean value) {
        if (behind.compareAndSet(!value, value)) {
            Consumer<Boolean> l = pressureListener;
            if (l != null) pressureExecutor.execute(() -> l.accept(value));
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        List<Object> batch = new ArrayList<>();
        boolean stop = false;
        try {
            while (!stop || !batch.isEmpty()) {
                if (batch.isEmpty()) batch.add(queue.take());
                if (batch.size() < maxBatch) queue.drainTo(batch, maxBatch - batch.size());
                if (lingerNanos > 0 && batch.size() < lingerBelow && onlyEvents(batch)) linger(batch);
                int s = batch.indexOf(STOP);
                if (s >= 0) {
                    stop = true;
                    batch.remove(s);
                    queue.drainTo(batch); // anything queued after closing began was refused; this is the rest
                }
                if (batch.isEmpty()) continue;
                if (commit(batch)) {
                    batch.clear();
                } else if (!retryable) {
                    isolate(batch);
                    batch.clear();
                } else {
                    Thread.sleep(Math.min(MAX_RETRY_MILLIS, retryMillis << Math.min(failuresInRow - 1, 12)));
                }
            }
            log.debug("history writer stopped: {} events persisted in {} commits", persisted.get(), batches);
        } catch (InterruptedException e) {
            int lost = count(batch) + count(new ArrayList<>(queue));
            notPersisted.addAndGet(lost);
            if (lost > 0) log.warn("history writer stopped with {} events not persisted", lost);
        }
    }

    /**
     * Waits {@link #lingerNanos} for more events, in one park: a job or the stop unparks it at once (they never
     * wait), and a busier queue fills the batch meanwhile (it is drained up to {@code maxBatch} after). One wake-up
     * per commit: each one also costs the loop, when both share a core, its caches. Parked, not waiting on the
     * queue: the loop's offers find it non-empty and signal nobody.
     */
    private void linger(List<Object> batch) throws InterruptedException {
        LockSupport.parkNanos(lingerNanos);
        if (Thread.interrupted()) throw new InterruptedException();
        queue.drainTo(batch, maxBatch - batch.size());
    }

    /** One transaction for the whole batch; false (rolled back) on failure, with {@link #retryable} set. */
    private boolean commit(List<Object> batch) throws InterruptedException {
        List<Object> results = new ArrayList<>();
        long maxSeq = 0;
        int events = 0;
        try {
            for (Object o : batch) {
                if (o instanceof StoredEvent e) {
                    history.insert(e);
                    maxSeq = Math.max(maxSeq, e.seq());
                    events++;
                } else {
                    history.flushInserts(0); // the task must see the events queued before it
                    results.add(((Job) o).task.apply(connection));
                }
            }
            history.flushInserts(maxSeq);
            faults.beforeCommit(batch.size());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            failed(e);
            return false;
        }
        if (failuresInRow > 0) log.info("history is being persisted again after {} failed commits", failuresInRow);
        failuresInRow = 0;
        reportRefusals();
        committedSeq = Math.max(committedSeq, maxSeq);
        batches++;
        released(events); // before counting them: whoever sees the count also sees the queue's new state
        persisted.addAndGet(events);
        int r = 0;
        for (Object o : batch) {
            if (o instanceof Job j) {
                Object value = results.get(r++);
                j.on.execute(() -> j.done.complete(value, null));
            }
        }
        return true;
    }

    /** After a failure retrying cannot cure: each item alone; those that still fail are dropped and counted. */
    private void isolate(List<Object> batch) throws InterruptedException {
        for (Object o : batch) {
            List<Object> one = List.of(o);
            if (commit(one)) continue;
            if (o instanceof StoredEvent) {
                notPersisted.incrementAndGet();
                released(1);
            } else {
                Job j = (Job) o;
                String why = lastError;
                j.on.execute(() -> j.done.complete(null, new SQLException(why)));
            }
        }
    }

    private void released(int events) {
        int left = pendingEvents.addAndGet(-events);
        if (left <= capacity / 4) setBehind(false);
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed", e);
        }
        history.forgetTargets(); // ids created in the failed transaction no longer exist
    }

    private void failed(Exception e) {
        int code = e instanceof SQLException sql ? sql.getErrorCode() & 0xff : 0;
        // BUSY, LOCKED, NOMEM, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL: the disk or another process, not us.
        retryable = code == 5 || code == 6 || code == 7 || code == 8 || code == 10 || code == 13 || code == 14
                || code == 15;
        failuresInRow++;
        writeErrors.incrementAndGet();
        lastError = String.valueOf(e.getMessage());
        long now = System.nanoTime();
        if (now - lastLogNanos >= LOG_EVERY_NANOS) {
            lastLogNanos = now;
            log.warn("history not persisted ({}): {}; chat goes on, {} events wait (logged once a minute)",
                    retryable ? "retrying" : "dropping what fails", e.toString(), pendingEvents.get());
        }
    }

    /**
     * Events the loop could not queue are counted there (cheaply, no logging on the loop); they are logged
     * here on the writer thread, at most once a minute.
     */
    private void reportRefusals() {
        long refused = notPersisted.get();
        long now = System.nanoTime();
        if (refused > reportedRefusals && now - lastRefusalLogNanos >= LOG_EVERY_NANOS) {
            log.warn("{} events were not persisted because the writer queue was full ({} in all since start)",
                    refused - reportedRefusals, refused);
            reportedRefusals = refused;
            lastRefusalLogNanos = now;
        }
    }

    private static boolean onlyEvents(List<Object> items) {
        for (Object o : items) if (!(o instanceof StoredEvent)) return false;
        return true;
    }

    private static int count(List<Object> items) {
        int n = 0;
        for (Object o : items) if (o instanceof StoredEvent) n++;
        return n;
    }

    /** Stops taking work; the writer commits what is queued and ends. */
    void stop() {
        closing = true;
        queue.add(STOP);
        LockSupport.unpark(thread);
    }

    long committedSeq() {
        return committedSeq;
    }

    int queued() {
        return pendingEvents.get();
    }

    int capacity() {
        return capacity;
    }

    boolean behind() {
        return behind.get();
    }

    long persisted() {
        return persisted.get();
    }

    long notPersisted() {
        return notPersisted.get();
    }

    long writeErrors() {
        return writeErrors.get();
    }

    String lastError() {
        return lastError;
    }
}
