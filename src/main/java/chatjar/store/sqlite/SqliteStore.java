package chatjar.store.sqlite;

import chatjar.store.StoreStartException;
import chatjar.store.StoreStartException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One data directory: {@code chat.db} (SQLite, WAL, synchronous=NORMAL) and {@code chat.lock}. Owns the
 * writer thread, the reader pool and the password-hashing worker; hands out the two seams, {@link #history()}
 * and {@link #accounts()}. Opening reads nothing but the schema version and the last seq, so it is as fast
 * with a million events as with none.
 */
public final class SqliteStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
    public static final String DB_FILE = "chat.db";
    public static final String LOCK_FILE = "chat.lock";
    private static final int READ_QUEUE = 1024;
    private static final int HASH_QUEUE = 64;

    private final Path db;
    private final SqliteOptions options;
    private final FileChannel lockChannel;
    private final Connection writerConnection;
    private final Writer writer;
    private final Thread writerThread;
    private final ThreadPoolExecutor readers;
    private final ThreadPoolExecutor hashing;
    private final List<Connection> readerConnections = new CopyOnWriteArrayList<>();
    private final ThreadLocal<ReaderSql> readerSql = new ThreadLocal<>();
    private volatile boolean closed;
    private final SqliteHistoryStore history;
    private final SqliteAccountStore accounts;

    private SqliteStore(Path db, SqliteOptions options, FileChannel lock, Connection writerConnection, long lastSeq) {
        this.db = db;
        this.options = options;
        this.lockChannel = lock;
        this.writerConnection = writerConnection;
        this.writer = new Writer(writerConnection, new HistorySql(writerConnection), lastSeq, options);
        this.writerThread = new Thread(writer, "store-writer");
        writerThread.setDaemon(true);
        writerThread.start();
        this.readers = pool("store-reader", options.readers(), READ_QUEUE);
        this.hashing = pool("store-hash", 1, HASH_QUEUE);
        this.history = new SqliteHistoryStore(this, writer, lastSeq, options);
        this.accounts = new SqliteAccountStore(this, writer, options.scramIterations());
    }

    /**
     * Opens (creating if needed) the store in {@code dir}. Every failure a user can fix is a
     * {@link StoreStartException} whose message is one line to print.
     */
    public static SqliteStore open(Path dir, SqliteOptions options) throws StoreStartException {
        Path db = dir.resolve(DB_FILE);
        prepareDirectory(dir);
        FileChannel lock = options.lockDirectory() ? lock(dir) : null;
        Connection c = null;
        try {
            c = connect(db, options, false);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                // A batch dirties about one page per active target; checkpointing (with its fsyncs) every
                // 16k pages instead of 1k keeps it to a few a second at full speed. The WAL is cut back after.
                s.execute("PRAGMA wal_autocheckpoint = 16384");
                s.execute("PRAGMA journal_size_limit = " + (64L << 20));
            }
            int version = Schema.version(c);
            if (version > Schema.LATEST) {
                throw new StoreStartException(Reason.TOO_NEW, db + " has schema version " + version
                        + ", newer than this chat.jar understands (" + Schema.LATEST + "): run a newer chat.jar, or restore a backup", null);
            }
            int from = Schema.migrate(c, Schema.LATEST);
            if (from != Schema.LATEST) log.info("{}: schema version {} -> {}", db, from, Schema.LATEST);
            long lastSeq = new HistorySql(c).maxSeq();
            c.setAutoCommit(false);
            return new SqliteStore(db, options, lock, c, lastSeq);
        } catch (SQLException e) {
            closeQuietly(c);
            release(lock);
            throw startError(db, e);
        } catch (StoreStartException | RuntimeException e) {
            closeQuietly(c);
            release(lock);
            throw e;
        }
    }

    private static void prepareDirectory(Path dir) throws StoreStartException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreStartException(Reason.NOT_WRITABLE, "cannot create data directory " + dir + " (" + e
                    + "): choose another with --data-dir, or run with --no-store", e);
        }
        try {
            Files.delete(Files.createTempFile(dir, ".probe", null));
        } catch (IOException e) {
            throw new StoreStartException(Reason.NOT_WRITABLE, "data directory " + dir + " is not writable (" + e
                    + "): fix its permissions, choose another with --data-dir, or run with --no-store", e);
        }
    }

    private static FileChannel lock(Path dir) throws StoreStartException {
        Path file = dir.resolve(LOCK_FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l != null) return ch;
        } catch (OverlappingFileLockException e) {
            // held by this very process: a second store on the same directory
        } catch (IOException e) {
            closeQuietly(ch);
            throw new StoreStartException(Reason.NOT_WRITABLE, "cannot lock " + file + " (" + e + ")", e);
        }
        closeQuietly(ch);
        throw new StoreStartException(Reason.LOCKED, "data directory " + dir + " is in use by another chat.jar server ("
                + LOCK_FILE + " is locked): stop it, or give this one another --data-dir", null);
    }

    static Connection connect(Path db, SqliteOptions options, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(options.busyTimeoutMs());
        config.setReadOnly(readOnly);
        // The writer touches a page per active target each batch: a bigger cache saves rereading them.
        config.setCacheSize(readOnly ? -16_384 : -65_536); // KiB
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(256L << 20));
        return config.createConnection("jdbc:sqlite:" + db);
    }

    private static StoreStartException startError(Path db, SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return switch (code) {
            case 11, 26 -> new StoreStartException(Reason.CORRUPT, db + " is damaged or not a chat.jar database (" + e.getMessage()
                    + "): restore a backup, or move it away to start empty", e);
            case 5, 6 -> new StoreStartException(Reason.LOCKED, db + " is locked by another process (" + e.getMessage()
                    + "): stop it, or give this server another --data-dir", e);
            case 8, 14 -> new StoreStartException(Reason.NOT_WRITABLE, "cannot open " + db + " for writing (" + e.getMessage()
                    + "): fix its permissions, or choose another --data-dir", e);
            default -> new StoreStartException(Reason.IO, "cannot open " + db + ": " + e.getMessage(), e);
        };
    }

    public SqliteHistoryStore history() {
        return history;
    }

    public SqliteAccountStore accounts() {
        return accounts;
    }

    public Path file() {
        return db;
    }

    /** Work on a reader thread with that thread's connection. */
    interface ReadWork<T> {
        T read(HistorySql sql, Connection c) throws Exception;
    }

    <T> void read(ReadWork<T> work, Executor on, chatjar.store.Completion<T> done) {
        try {
            readers.execute(() -> {
                T value;
                try {
                    ReaderSql sql = readerSql.get();
                    if (sql == null) {
                        Connection c = connect(db, options, true);
                        readerConnections.add(c);
                        sql = new ReaderSql(c);
                        readerSql.set(sql);
                    }
                    value = work.read(sql, sql.connection);
                } catch (Exception e) {
                    on.execute(() -> done.complete(null, e));
                    return;
                }
                T v = value;
                on.execute(() -> done.complete(v, null));
            });
        } catch (RejectedExecutionException e) {
            on.execute(() -> done.complete(null, new IllegalStateException("history readers are busy", e)));
        }
    }

    /**
     * An online backup: {@code VACUUM INTO file}, a consistent, compacted copy taken on a reader connection
     * while chat goes on (the writer is not blocked in WAL mode). {@code file} must not exist yet.
     */
    public void backup(Path file, Executor on, chatjar.store.Completion<Path> done) {
        read((sql, c) -> {
            if (Files.exists(file)) throw new IOException(file + " already exists");
            try (java.sql.PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, file.toString());
                ps.execute();
            }
            return file;
        }, on, done);
    }

    /**
     * The same backup from outside the server ({@code chat.jar backup}): a read-only connection of its own on
     * {@code dir}'s {@code chat.db}, whether a server runs on it or not, {@code VACUUM INTO file} (which must
     * not exist). Blocking; the caller's thread.
     */
    public static void backup(Path dir, Path file, int busyTimeoutMs) throws java.io.IOException {
        SqliteOptions options = SqliteOptions.defaults().withLock(false, busyTimeoutMs);
        try (Connection c = connect(dir.resolve(DB_FILE), options, true);
             java.sql.PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, file.toString());
            ps.execute();
        } catch (SQLException e) {
            throw new java.io.IOException(e.getMessage(), e); // callers outside the store see no JDBC
        }
    }

    /** Slow CPU work (PBKDF2) on the hashing worker. */
    void hash(Runnable work, Runnable rejected) {
        try {
            hashing.execute(work);
        } catch (RejectedExecutionException e) {
            rejected.run();
        }
    }

    private static final class ReaderSql extends HistorySql {
        final Connection connection;

        ReaderSql(Connection c) {
            super(c);
            this.connection = c;
        }
    }

    /** Commits what is queued (waiting up to 10 s), stops the threads and releases the files. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        writer.stop();
        try {
            writerThread.join(10_000);
            if (writerThread.isAlive()) {
                writerThread.interrupt();
                writerThread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.shutdown();
        hashing.shutdownNow();
        try {
            readers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readerConnections.forEach(SqliteStore::closeQuietly);
        closeQuietly(writerConnection);
        release(lockChannel);
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static void release(FileChannel lock) {
        closeQuietly(lock);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            log.debug("close failed", e);
        }
    }
}
