package chatjar.store.sqlite;

import chatjar.store.HistoryStore;
import chatjar.store.HistoryStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The query contract on a running store, right after the writes: whatever the writer has committed by then
 * comes from the database, the rest from the rings, and the merge must show neither gaps nor duplicates.
 */
class SqliteLiveHistoryStoreTest extends HistoryStoreContract {
    @TempDir
    Path dir;

    @Override
    protected HistoryStore open() throws Exception {
        return SqliteStore.open(dir, SqliteHistoryStoreTest.small()).history();
    }
}
