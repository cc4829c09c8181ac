package chatjar.store.sqlite;

import chatjar.store.Account;
import chatjar.store.AccountStore;
import chatjar.store.Completion;
import chatjar.store.scram.Scram;
import chatjar.store.scram.ScramCredentials;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Accounts in SQLite: reads on the reader pool, changes through the one writer (in the same group commits as
 * history), PBKDF2 on the store's hashing worker. Checks and changes run in one writer transaction, so two
 * registrations of one name cannot both succeed.
 */
public final class SqliteAccountStore implements AccountStore {
    private final SqliteStore store;
    private final Writer writer;
    private final int iterations;

    SqliteAccountStore(SqliteStore store, Writer writer, int iterations) {
        this.store = store;
        this.writer = writer;
        this.iterations = iterations;
    }

    @Override
    public void create(String name, String display, char[] password, Executor on, Completion<Boolean> done) {
        derive(password, on, done, creds -> writer.submit(c -> {
            String owner = one(c, "SELECT account FROM nicks WHERE nick = ?", name);
            if (owner != null && !owner.equals(name)) return false;
            if (update(c, "INSERT OR IGNORE INTO accounts (name, display, credentials, created) VALUES (?, ?, ?, ?)",
                    name, display, creds.encode(), System.currentTimeMillis()) == 0) return false;
            update(c, "INSERT OR IGNORE INTO nicks (nick, account) VALUES (?, ?)", name, name);
            return true;
        }, on, done));
    }

    @Override
    public void importCredentials(String name, String display, ScramCredentials credentials, Executor on, Completion<Boolean> done) {
        writer.submit(c -> {
            String owner = one(c, "SELECT account FROM nicks WHERE nick = ?", name);
            if (owner != null && !owner.equals(name)) return false;
            if (update(c, "INSERT OR IGNORE INTO accounts (name, display, credentials, created) VALUES (?, ?, ?, ?)",
                    name, display, credentials.encode(), System.currentTimeMillis()) == 0) return false;
            update(c, "INSERT OR IGNORE INTO nicks (nick, account) VALUES (?, ?)", name, name);
            return true;
        }, on, done);
    }

    @Override
    public void get(String name, Executor on, Completion<Account> done) {
        store.read((sql, c) -> load(c, name), on, done);
    }

    @Override
    public void verify(String name, char[] password, Executor on, Completion<Account> done) {
        char[] pw = password.clone();
        Arrays.fill(password, '\0');
        store.read((sql, c) -> load(c, name), Runnable::run, (Account account, Throwable e) -> {
            if (e != null || account == null) {
                Arrays.fill(pw, '\0');
                on.execute(() -> done.complete(null, e));
                return;
            }
            store.hash(() -> {
                boolean ok = Scram.verifyPassword(account.credentials(), pw);
                Arrays.fill(pw, '\0');
                on.execute(() -> done.complete(ok ? account : null, null));
            }, () -> {
                Arrays.fill(pw, '\0');
                on.execute(() -> done.complete(null, new IllegalStateException("password checks are queueing up")));
            });
        });
    }

    @Override
    public void setPassword(String name, char[] password, Executor on, Completion<Boolean> done) {
        derive(password, on, done, creds -> writer.submit(
                c -> update(c, "UPDATE accounts SET credentials = ? WHERE name = ?", creds.encode(), name) > 0, on, done));
    }

    @Override
    public void drop(String name, Executor on, Completion<Boolean> done) {
        writer.submit(c -> {
            update(c, "DELETE FROM nicks WHERE account = ?", name);
            update(c, "DELETE FROM certificates WHERE account = ?", name);
            return update(c, "DELETE FROM accounts WHERE name = ?", name) > 0;
        }, on, done);
    }

    @Override
    public void list(Executor on, Completion<List<String>> done) {
        store.read((sql, c) -> all(c, "SELECT name FROM accounts ORDER BY name"), on, done);
    }

    @Override
    public void addCertificate(String name, String fingerprint, Executor on, Completion<Boolean> done) {
        writer.submit(c -> {
            if (one(c, "SELECT name FROM accounts WHERE name = ?", name) == null) return false;
            String owner = one(c, "SELECT account FROM certificates WHERE fingerprint = ?", fingerprint);
            if (owner != null) return owner.equals(name);
            return update(c, "INSERT INTO certificates (fingerprint, account) VALUES (?, ?)", fingerprint, name) > 0;
        }, on, done);
    }

    @Override
    public void removeCertificate(String name, String fingerprint, Executor on, Completion<Boolean> done) {
        writer.submit(c -> update(c, "DELETE FROM certificates WHERE fingerprint = ? AND account = ?", fingerprint, name) > 0,
                on, done);
    }

    @Override
    public void findByCertificate(String fingerprint, Executor on, Completion<Account> done) {
        store.read((sql, c) -> {
            String owner = one(c, "SELECT account FROM certificates WHERE fingerprint = ?", fingerprint);
            return owner == null ? null : load(c, owner);
        }, on, done);
    }

    @Override
    public void claimNick(String name, String nick, Executor on, Completion<Boolean> done) {
        writer.submit(c -> {
            if (one(c, "SELECT name FROM accounts WHERE name = ?", name) == null) return false;
            String owner = one(c, "SELECT account FROM nicks WHERE nick = ?", nick);
            if (owner != null) return owner.equals(name);
            return update(c, "INSERT INTO nicks (nick, account) VALUES (?, ?)", nick, name) > 0;
        }, on, done);
    }

    @Override
    public void releaseNick(String name, String nick, Executor on, Completion<Boolean> done) {
        writer.submit(c -> update(c, "DELETE FROM nicks WHERE nick = ? AND account = ?", nick, name) > 0, on, done);
    }

    @Override
    public void nickOwner(String nick, Executor on, Completion<String> done) {
        store.read((sql, c) -> one(c, "SELECT account FROM nicks WHERE nick = ?", nick), on, done);
    }

    private <T> void derive(char[] password, Executor on, Completion<T> done,
                            java.util.function.Consumer<ScramCredentials> then) {
        char[] pw = password.clone();
        Arrays.fill(password, '\0');
        store.hash(() -> {
            ScramCredentials creds;
            try {
                creds = Scram.derive(pw, iterations);
            } catch (RuntimeException e) {
                on.execute(() -> done.complete(null, e));
                return;
            } finally {
                Arrays.fill(pw, '\0');
            }
            then.accept(creds);
        }, () -> {
            Arrays.fill(pw, '\0');
            on.execute(() -> done.complete(null, new IllegalStateException("password work is queueing up")));
        });
    }

    private static Account load(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT display, credentials, created FROM accounts WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                return new Account(name, rs.getString(1), rs.getLong(3), ScramCredentials.decode(rs.getString(2)),
                        all(c, "SELECT nick FROM nicks WHERE account = ? ORDER BY nick", name),
                        all(c, "SELECT fingerprint FROM certificates WHERE account = ? ORDER BY fingerprint", name));
            }
        }
    }

    private static String one(Connection c, String sql, Object... args) throws SQLException {
        List<String> r = all(c, sql, args);
        return r.isEmpty() ? null : r.get(0);
    }

    private static List<String> all(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        }
    }
}
