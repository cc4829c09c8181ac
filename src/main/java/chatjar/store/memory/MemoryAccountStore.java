package chatjar.store.memory;

import chatjar.store.Account;
import chatjar.store.AccountStore;
import chatjar.store.Completion;
import chatjar.store.scram.Scram;
import chatjar.store.scram.ScramCredentials;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Accounts kept in memory only ({@code --no-store}, and tests): forgotten on restart. One worker thread owns
 * the maps and also does the PBKDF2 work, so there are no locks and the loop never hashes. The worker's queue
 * is bounded; when full, a call fails at once instead of queueing without limit.
 */
public final class MemoryAccountStore implements AccountStore, AutoCloseable {
    private record Entry(String display, long created, ScramCredentials credentials) {}

    private final int iterations;
    private final Map<String, Entry> accounts = new TreeMap<>();
    private final Map<String, String> nicks = new HashMap<>();
    private final Map<String, String> certificates = new HashMap<>();
    private final ThreadPoolExecutor worker;

    public MemoryAccountStore(int iterations) {
        this.iterations = iterations;
        this.worker = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "accounts-memory");
            t.setDaemon(true);
            return t;
        });
        worker.allowCoreThreadTimeOut(true);
    }

    private <T> void run(Supplier<T> work, Executor on, Completion<T> done) {
        Completion.offload(worker, work, on, done);
    }

    private static char[] take(char[] password) {
        char[] copy = password.clone();
        Arrays.fill(password, '\0');
        return copy;
    }

    @Override
    public void create(String name, String display, char[] password, Executor on, Completion<Boolean> done) {
        char[] pw = take(password);
        run(() -> {
            try {
                String owner = nicks.get(name);
                if (accounts.containsKey(name) || (owner != null && !owner.equals(name))) return false;
                accounts.put(name, new Entry(display, System.currentTimeMillis(), Scram.derive(pw, iterations)));
                nicks.put(name, name);
                return true;
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, on, done);
    }

    @Override
    public void importCredentials(String name, String display, ScramCredentials credentials, Executor on, Completion<Boolean> done) {
        run(() -> {
            String owner = nicks.get(name);
            if (accounts.containsKey(name) || (owner != null && !owner.equals(name))) return false;
            accounts.put(name, new Entry(display, System.currentTimeMillis(), credentials));
            nicks.put(name, name);
            return true;
        }, on, done);
    }

    @Override
    public void get(String name, Executor on, Completion<Account> done) {
        run(() -> load(name), on, done);
    }

    @Override
    public void verify(String name, char[] password, Executor on, Completion<Account> done) {
        char[] pw = take(password);
        run(() -> {
            try {
                Account a = load(name);
                return a != null && Scram.verifyPassword(a.credentials(), pw) ? a : null;
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, on, done);
    }

    @Override
    public void setPassword(String name, char[] password, Executor on, Completion<Boolean> done) {
        char[] pw = take(password);
        run(() -> {
            try {
                Entry e = accounts.get(name);
                if (e == null) return false;
                accounts.put(name, new Entry(e.display, e.created, Scram.derive(pw, iterations)));
                return true;
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, on, done);
    }

    @Override
    public void drop(String name, Executor on, Completion<Boolean> done) {
        run(() -> {
            nicks.values().removeIf(name::equals);
            certificates.values().removeIf(name::equals);
            return accounts.remove(name) != null;
        }, on, done);
    }

    @Override
    public void list(Executor on, Completion<List<String>> done) {
        run(() -> List.copyOf(accounts.keySet()), on, done);
    }

    @Override
    public void addCertificate(String name, String fingerprint, Executor on, Completion<Boolean> done) {
        run(() -> accounts.containsKey(name) && certificates.computeIfAbsent(fingerprint, f -> name).equals(name), on, done);
    }

    @Override
    public void removeCertificate(String name, String fingerprint, Executor on, Completion<Boolean> done) {
        run(() -> certificates.remove(fingerprint, name), on, done);
    }

    @Override
    public void findByCertificate(String fingerprint, Executor on, Completion<Account> done) {
        run(() -> {
            String owner = certificates.get(fingerprint);
            return owner == null ? null : load(owner);
        }, on, done);
    }

    @Override
    public void claimNick(String name, String nick, Executor on, Completion<Boolean> done) {
        run(() -> accounts.containsKey(name) && nicks.computeIfAbsent(nick, n -> name).equals(name), on, done);
    }

    @Override
    public void releaseNick(String name, String nick, Executor on, Completion<Boolean> done) {
        run(() -> nicks.remove(nick, name), on, done);
    }

    @Override
    public void nickOwner(String nick, Executor on, Completion<String> done) {
        run(() -> nicks.get(nick), on, done);
    }

    private Account load(String name) {
        Entry e = accounts.get(name);
        if (e == null) return null;
        List<String> owned = new ArrayList<>(), certs = new ArrayList<>();
        nicks.forEach((n, a) -> { if (a.equals(name)) owned.add(n); });
        certificates.forEach((f, a) -> { if (a.equals(name)) certs.add(f); });
        owned.sort(null);
        certs.sort(null);
        return new Account(name, e.display, e.created, e.credentials, owned, certs);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
