package chatjar.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema as ordered migrations; {@code PRAGMA user_version} records how many have run. A migration is
 * never edited once released: change the schema by appending one. Each runs in its own transaction together
 * with the version bump, so a crash leaves the file at the old version or the new one, never between.
 */
final class Schema {
    /** Migration N (1-based) takes a file from version N-1 to N. */
    static final List<String[]> MIGRATIONS = List.of(
            // 1: accounts, the nicks they own, their client certificates.
            new String[] {
                "CREATE TABLE accounts (name TEXT PRIMARY KEY, display TEXT NOT NULL, credentials TEXT NOT NULL,"
                        + " created INTEGER NOT NULL) WITHOUT ROWID",
                "CREATE TABLE nicks (nick TEXT PRIMARY KEY, account TEXT NOT NULL) WITHOUT ROWID",
                "CREATE INDEX nicks_by_account ON nicks(account)",
                "CREATE TABLE certificates (fingerprint TEXT PRIMARY KEY, account TEXT NOT NULL) WITHOUT ROWID",
                "CREATE INDEX certificates_by_account ON certificates(account)",
            },
            // 2: history. seq is the rowid, so inserts append at the end of the table; one index on (target, seq)
            // serves every per-target range, msgid and timestamp alike (both are bounds on seq). A table
            // clustered by (target, seq) reads a little faster but writes half as fast (every batch dirties a
            // page per active target), measured in docs/store.md. The event's own fields are one text column
            // (EventBody): nothing queries them, and each bound column costs the writer a JNI call. high_water
            // keeps the largest seq ever stored, so the msgid generator starts above it even after a purge.
            new String[] {
                "CREATE TABLE targets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, display TEXT NOT NULL,"
                        + " peer_a TEXT, peer_b TEXT)",
                "CREATE INDEX targets_by_peer_a ON targets(peer_a) WHERE peer_a IS NOT NULL",
                "CREATE INDEX targets_by_peer_b ON targets(peer_b) WHERE peer_b IS NOT NULL",
                "CREATE TABLE events (seq INTEGER PRIMARY KEY, target INTEGER NOT NULL, body TEXT NOT NULL)",
                "CREATE INDEX events_by_target ON events(target, seq)",
                "CREATE TABLE high_water (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL)",
                "INSERT INTO high_water VALUES (1, 0)",
            });

    static final int LATEST = MIGRATIONS.size();

    private Schema() {}

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Runs the migrations from the file's version up to {@code target}; returns the version found. */
    static int migrate(Connection c, int target) throws SQLException {
        int found = version(c);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (int v = found; v < target; v++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : MIGRATIONS.get(v)) s.execute(sql);
                    s.execute("PRAGMA user_version = " + (v + 1));
                }
                c.commit();
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return found;
    }
}
