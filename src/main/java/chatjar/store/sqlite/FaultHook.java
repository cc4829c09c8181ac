package chatjar.store.sqlite;

import java.sql.SQLException;

/**
 * A test hook on the writer thread, called before each commit of a batch: it may block (a stalled disk) or
 * throw (a full disk). Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface FaultHook {
    FaultHook NONE = size -> {};

    void beforeCommit(int batchSize) throws SQLException, InterruptedException;
}
