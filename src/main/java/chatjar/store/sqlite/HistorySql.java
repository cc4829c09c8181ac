package chatjar.store.sqlite;

import chatjar.store.HistoryQuery;
import chatjar.store.StoredEvent;
import chatjar.store.TargetActivity;
import chatjar.store.Targets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history SQL of one connection: the writer's inserts and purges, or a reader's range reads. Statements
 * are prepared once per connection. Not thread-safe: one instance per thread.
 */
class HistorySql {
    private static final int TARGET_CACHE = 65_536;

    /** Rows per multi-row INSERT, largest first; a batch's remainder goes in the smaller ones. */
    private static final int[] ROWS = {64, 16, 4, 1};

    private final Connection c;
    /** One INSERT statement per entry of {@link #ROWS}, prepared on first use. */
    private final PreparedStatement[] inserts = new PreparedStatement[ROWS.length];
    private PreparedStatement highWater;
    private PreparedStatement findTarget;
    private PreparedStatement addTarget;
    private final PreparedStatement[] ranges = new PreparedStatement[2];
    /** Rows waiting for a full multi-row INSERT (or the flush): target id, seq, body. */
    private final long[] rowTarget = new long[ROWS[0]];
    private final long[] rowSeq = new long[ROWS[0]];
    private final String[] rowBody = new String[ROWS[0]];
    private int rows;
    /** name -> id; ids never change, but ones made in a rolled-back transaction must be forgotten. */
    private final Map<String, Target> targetIds = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Target> eldest) {
            return size() > TARGET_CACHE;
        }
    };

    private record Target(long id, String display) {}

    HistorySql(Connection c) {
        this.c = c;
    }

    // ---- writer ----

    /**
     * Queues one row; every {@code ROWS[0]} rows go in one multi-row INSERT, which pays SQLite's per-statement
     * work (cursors on the table and its index, the VDBE program's start) and JDBC's per-execution calls once
     * per 64 rows instead of per row.
     */
    void insert(StoredEvent e) throws SQLException {
        rowTarget[rows] = targetId(e.target(), e.display(), true);
        rowSeq[rows] = e.seq();
        rowBody[rows] = EventBody.encode(e);
        if (++rows == ROWS[0]) {
            insertRows(0, 0);
            rows = 0;
        }
    }

    /** Sends the queued rows and records the batch's highest seq. */
    void flushInserts(long maxSeq) throws SQLException {
        int from = 0;
        for (int k = 0; k < ROWS.length && from < rows; k++) {
            while (rows - from >= ROWS[k]) {
                insertRows(k, from);
                from += ROWS[k];
            }
        }
        rows = 0;
        if (maxSeq > 0) {
            if (highWater == null) highWater = c.prepareStatement("UPDATE high_water SET seq = max(seq, ?) WHERE id = 1");
            highWater.setLong(1, maxSeq);
            highWater.executeUpdate();
        }
    }

    /** One INSERT of {@code ROWS[size]} queued rows starting at {@code from}. */
    private void insertRows(int size, int from) throws SQLException {
        int n = ROWS[size];
        PreparedStatement ps = inserts[size];
        if (ps == null) {
            StringBuilder sql = new StringBuilder("INSERT OR IGNORE INTO events (target, seq, body) VALUES ");
            for (int i = 0; i < n; i++) sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
            ps = inserts[size] = c.prepareStatement(sql.toString());
        }
        for (int i = 0, p = 1; i < n; i++) {
            ps.setLong(p++, rowTarget[from + i]);
            ps.setLong(p++, rowSeq[from + i]);
            ps.setString(p++, rowBody[from + i]);
        }
        ps.executeUpdate();
    }

    void forgetTargets() {
        targetIds.clear();
        rows = 0; // rows queued in the failed transaction are retried from the batch
    }

    /** The target's id, created if {@code create}; -1 if it does not exist. */
    long targetId(String name, String display, boolean create) throws SQLException {
        Target t = target(name, display, create);
        return t == null ? -1 : t.id;
    }

    private String display(String name) throws SQLException {
        Target t = target(name, null, false);
        return t == null ? name : t.display;
    }

    private Target target(String name, String display, boolean create) throws SQLException {
        Target cached = targetIds.get(name);
        if (cached != null) return cached;
        Long id = null;
        if (findTarget == null) findTarget = c.prepareStatement("SELECT id, display FROM targets WHERE name = ?");
        findTarget.setString(1, name);
        try (ResultSet rs = findTarget.executeQuery()) {
            if (rs.next()) {
                id = rs.getLong(1);
                display = rs.getString(2);
            }
        }
        if (id == null && !create) return null;
        if (id == null) {
            if (addTarget == null) {
                addTarget = c.prepareStatement("INSERT INTO targets (name, display, peer_a, peer_b) VALUES (?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS);
            }
            String[] peers = Targets.peers(name);
            addTarget.setString(1, name);
            addTarget.setString(2, display);
            addTarget.setString(3, peers == null ? null : peers[0]);
            addTarget.setString(4, peers == null ? null : peers[1]);
            addTarget.executeUpdate();
            try (ResultSet keys = addTarget.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        Target t = new Target(id, display);
        targetIds.put(name, t);
        return t;
    }

    // ---- readers ----

    /** One range of one target, ascending. */
    List<StoredEvent> read(String target, HistoryQuery.Range r) throws SQLException {
        if (r.limit() == 0 || r.above() >= r.below() - 1) return List.of();
        long id = targetId(target, null, false);
        if (id < 0) return List.of();
        String display = display(target);
        int which = r.newest() ? 1 : 0;
        if (ranges[which] == null) {
            ranges[which] = c.prepareStatement("SELECT seq, body FROM events"
                    + " WHERE target = ? AND seq > ? AND seq < ? ORDER BY seq " + (r.newest() ? "DESC" : "ASC") + " LIMIT ?");
        }
        PreparedStatement ps = ranges[which];
        ps.setLong(1, id);
        ps.setLong(2, r.above());
        ps.setLong(3, r.below());
        ps.setInt(4, r.limit());
        List<StoredEvent> out = new ArrayList<>(Math.min(r.limit(), 1024));
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(EventBody.decode(target, display, rs.getLong(1), rs.getString(2)));
            }
        }
        if (r.newest()) java.util.Collections.reverse(out);
        return out;
    }

    /** TARGETS: the latest event in (aboveSeq, belowSeq) of each candidate target; unsorted. */
    List<TargetActivity> activity(String account, Collection<String> channels, long aboveSeq, long belowSeq)
            throws SQLException {
        List<String[]> candidates = new ArrayList<>(); // {name, display, id}
        for (String ch : channels) {
            long id = targetId(ch, null, false);
            if (id >= 0) candidates.add(new String[] {ch, display(ch), Long.toString(id)});
        }
        if (account != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, display, id FROM targets WHERE peer_a = ? UNION ALL SELECT name, display, id FROM targets WHERE peer_b = ?")) {
                ps.setString(1, account);
                ps.setString(2, account);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) candidates.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        List<TargetActivity> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT max(seq) FROM events WHERE target = ? AND seq > ? AND seq < ?")) {
            for (String[] t : candidates) {
                ps.setLong(1, Long.parseLong(t[2]));
                ps.setLong(2, aboveSeq);
                ps.setLong(3, belowSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long seq = rs.getLong(1);
                        if (!rs.wasNull()) out.add(new TargetActivity(t[0], t[1], chatjar.store.MsgIds.timeMillis(seq)));
                    }
                }
            }
        }
        return out;
    }

    // ---- retention (writer) ----

    /**
     * Retention for targets with ids above {@code afterId}, up to {@code targets} of them: deletes events below
     * {@code minSeq} (0: none) and beyond the newest {@code keep} (0: no limit). Returns {deleted, the last id
     * done or -1 when no target is left}.
     */
    long[] purge(long afterId, int targets, long minSeq, int keep) throws SQLException {
        long deleted = 0, lastId = afterId;
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM targets WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, afterId);
            ps.setInt(2, targets);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
        }
        try (PreparedStatement nth = c.prepareStatement(
                     "SELECT seq FROM events WHERE target = ? ORDER BY seq DESC LIMIT 1 OFFSET ?");
             PreparedStatement del = c.prepareStatement("DELETE FROM events WHERE target = ? AND seq < ?")) {
            for (long id : ids) {
                lastId = id;
                long below = minSeq;
                if (keep > 0) {
                    nth.setLong(1, id);
                    nth.setInt(2, keep - 1);
                    try (ResultSet rs = nth.executeQuery()) {
                        if (rs.next()) below = Math.max(below, rs.getLong(1));
                    }
                }
                if (below <= 0) continue;
                del.setLong(1, id);
                del.setLong(2, below);
                deleted += del.executeUpdate();
            }
        }
        return new long[] {deleted, ids.size() < targets ? -1 : lastId};
    }

    /**
     * Deletes the events of every direct conversation {@code account} is a side of; returns how many. The
     * targets' rows (the two names) stay: their ids are cached by the writer and the readers, and a new
     * conversation under the same pair reuses them.
     */
    long forgetAccount(String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE target IN"
                + " (SELECT id FROM targets WHERE peer_a = ? UNION ALL SELECT id FROM targets WHERE peer_b = ?)")) {
            ps.setString(1, account);
            ps.setString(2, account);
            return ps.executeUpdate();
        }
    }

    long maxSeq() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq FROM high_water WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
