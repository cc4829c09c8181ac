package chatjar.server;

import chatjar.store.AccountStore;
import chatjar.store.HistoryStore;
import chatjar.store.StoreStartException;
import chatjar.store.memory.MemoryHistoryStore;
import chatjar.store.sqlite.SqliteOptions;
import chatjar.store.sqlite.SqliteStore;

import java.nio.file.Path;

/**
 * What the server keeps beyond a connection: history and accounts, in SQLite under the data directory or in
 * memory only ({@code --no-store}). Built once at start-up (blocking: it opens files) and handed to
 * {@link ChatServer}; closed, which flushes what is queued, after the loop has stopped.
 *
 * @param history  relayed events and CHATHISTORY
 * @param accounts registered accounts, or null while the server has none (the accounts floor fills it)
 * @param backup   the SQLite store, for {@code VACUUM INTO} backups; null when memory-only
 */
public record Storage(HistoryStore history, AccountStore accounts, SqliteStore backup) implements AutoCloseable {
    /** Memory-only: bounded rings, forgotten at exit. */
    public static Storage memory() {
        return new Storage(new MemoryHistoryStore(256, 10_000, 64L << 20, chatjar.store.Retention.FOREVER), null, null);
    }

    /** Memory-only with these rules for the periodic purge. */
    public static Storage memory(chatjar.store.Retention retention) {
        return new Storage(new MemoryHistoryStore(256, 10_000, 64L << 20, retention), null, null);
    }

    /** The same history with {@code store} as the account store (null: none). */
    public Storage withAccounts(AccountStore store) {
        return new Storage(history, store, backup);
    }

    /** Opens (creating it if needed) the data directory; every failure a user can fix is one printable line. */
    public static Storage open(Path dataDir, SqliteOptions options) throws StoreStartException {
        SqliteStore store = SqliteStore.open(dataDir, options);
        return new Storage(store.history(), store.accounts(), store);
    }

    /** Flushes the writer's queue (bounded wait) and releases the files. */
    @Override
    public void close() {
        history.close();
        if (backup != null) backup.close();
    }
}
