package chatjar.store.sqlite;

import chatjar.store.HistoryStore;
import chatjar.store.HistoryStoreContract;
import chatjar.store.scram.Scram;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The query contract read back from the database after a restart (the rings start empty). */
class SqliteHistoryStoreTest extends HistoryStoreContract {
    @TempDir
    Path dir;

    static SqliteOptions small() {
        return SqliteOptions.defaults().withRings(2, 100, 1 << 20).withScramIterations(Scram.MIN_ITERATIONS);
    }

    @Override
    protected HistoryStore open() throws Exception {
        return SqliteStore.open(dir, small()).history();
    }

    @Override
    protected HistoryStore settled(HistoryStore s) throws Exception {
        s.close();
        return open();
    }
}
