package chatjar.server.accounts;

import chatjar.irc.CaseMapping;
import chatjar.net.Scheduler;
import chatjar.server.Replies;
import chatjar.server.auth.HashWorker;
import chatjar.server.caps.AccountStore;
import chatjar.server.caps.Accounts;
import chatjar.server.caps.Cap;
import chatjar.server.limits.LoginThrottle;
import chatjar.server.relay.Relay;
import chatjar.server.relay.RelayEvent.Kind;
import chatjar.state.Client;
import chatjar.store.HistoryStore;
import chatjar.store.scram.ScramCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

import static chatjar.irc.Numerics.*;

/**
 * The loop's side of accounts, shared by SASL, REGISTER and NickServ: checks a password or finds SCRAM keys in
 * the store first and then in the read-only {@code --accounts} file, logs a client in or out (900/901 and
 * account-notify through the relay), registers accounts. Every answer comes back on the loop; the store does the
 * hashing on its own worker, the file's hashes go to the {@link HashWorker}. Loop thread only.
 */
public final class AccountService {
    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    /** Shorter passwords are refused as WEAK_PASSWORD. */
    public static final int MIN_PASSWORD = 6;
    /** Longer ones are refused too: PBKDF2 over a megabyte would be a cheap way to burn the hash worker. */
    public static final int MAX_PASSWORD = 300;

    /** An account found by name or certificate: as registered, and its SCRAM keys (null: PLAIN only). */
    public record Found(String display, ScramCredentials credentials) {}

    public enum Created { CREATED, EXISTS, BUSY }

    private final chatjar.store.AccountStore store;
    private final AccountStore file;
    private final HashWorker hashes;
    private final Scheduler loop;
    private final Executor onLoop;
    private final Replies out;
    private final Relay relay;
    private final HistoryStore history;
    /** Failed password checks per account name, for SASL and IDENTIFY alike. */
    private final LoginThrottle throttle = new LoginThrottle();
    private final RegistrationThrottle registrations;

    /**
     * {@code store} null: only the file's accounts exist, and nothing can be registered. {@code history} forgets
     * a dropped account's conversations (null: no history to clean).
     */
    public AccountService(chatjar.store.AccountStore store, AccountStore file, HashWorker hashes, Scheduler loop,
                          Replies out, Relay relay, HistoryStore history) {
        this.store = store;
        this.file = file;
        this.hashes = hashes;
        this.loop = loop;
        this.onLoop = loop::execute;
        this.out = out;
        this.relay = relay;
        this.history = history;
        this.registrations = new RegistrationThrottle(loop);
    }

    /** True when accounts can be registered and changed (a store is configured). */
    public boolean hasStore() {
        return store != null;
    }

    /** SASL is offered when there is anything to log in to. */
    public boolean offered() {
        return file.offered();
    }

    public LoginThrottle throttle() {
        return throttle;
    }

    public RegistrationThrottle registrations() {
        return registrations;
    }

    public chatjar.store.AccountStore store() {
        return store;
    }

    public Scheduler loop() {
        return loop;
    }

    /**
     * Checks a password: the store's account if there is one, else the file's. {@code result} gets the account as
     * registered, or null. A file account must still be there with the same hash when the check ends (a REHASH
     * may have removed it meanwhile).
     */
    public void checkPassword(String name, String password, Consumer<String> result) {
        if (store == null) {
            checkFile(name, password, result);
            return;
        }
        store.verify(CaseMapping.fold(name), password.toCharArray(), onLoop, (account, error) -> {
            if (account != null) result.accept(account.display());
            else checkFile(name, password, result);
        });
    }

    private void checkFile(String name, String password, Consumer<String> result) {
        Accounts accounts = file.get();
        Accounts.Account account = accounts == null ? null : accounts.find(name);
        // An unknown name is checked against some other hash, so the answer's timing does not tell which exist.
        String hash = account != null ? account.hash() : accounts == null ? null : accounts.anyHash();
        if (hash == null) {
            result.accept(null);
            return;
        }
        hashes.verify(hash, password, ok -> {
            Accounts now = file.get();
            Accounts.Account current = now == null || account == null ? null : now.find(account.name());
            result.accept(ok && current != null && current.hash().equals(account.hash()) ? account.name() : null);
        });
    }

    /** SCRAM keys for {@code name} (store first, then the file), or null for an unknown or PLAIN-only name. */
    public void scramCredentials(String name, Consumer<Found> result) {
        Runnable fromFile = () -> {
            Accounts accounts = file.get();
            Accounts.Account a = accounts == null ? null : accounts.find(name);
            ScramCredentials creds = a == null ? null : FileAccounts.scram(a.hash());
            result.accept(creds == null ? null : new Found(a.name(), creds));
        };
        if (store == null) {
            fromFile.run();
            return;
        }
        store.get(CaseMapping.fold(name), onLoop, (account, error) -> {
            if (account != null) result.accept(new Found(account.display(), account.credentials()));
            else fromFile.run();
        });
    }

    /** The account a client certificate logs in to, as registered, or null. */
    public void findByCertificate(String fingerprint, Consumer<String> result) {
        if (store == null || fingerprint == null) {
            result.accept(null);
            return;
        }
        store.findByCertificate(fingerprint, onLoop, (account, error) -> result.accept(account == null ? null : account.display()));
    }

    /** Whether the name is taken, in the store or the file: {@code result} on the loop. */
    public void exists(String name, Consumer<Boolean> result) {
        Accounts accounts = file.get();
        if (accounts != null && accounts.find(name) != null) {
            result.accept(true);
            return;
        }
        if (store == null) {
            result.accept(false);
            return;
        }
        store.get(CaseMapping.fold(name), onLoop, (account, error) -> result.accept(account != null || error != null));
    }

    /** Registers {@code name}; a name in the file counts as taken. Off the loop: PBKDF2 and the write. */
    public void create(String name, String password, Consumer<Created> result) {
        Accounts accounts = file.get();
        if (store == null || (accounts != null && accounts.find(name) != null)) {
            result.accept(store == null ? Created.BUSY : Created.EXISTS);
            return;
        }
        store.create(CaseMapping.fold(name), name, password.toCharArray(), onLoop, (ok, error) ->
                result.accept(error != null ? Created.BUSY : ok ? Created.CREATED : Created.EXISTS));
    }

    /**
     * Deletes {@code name} from the store and then its direct conversations from history, at once on the loop,
     * so that a later registration of the name (queued after it) cannot read them. {@code result} hears on the
     * loop whether the account was there; logging its sessions out is the caller's.
     */
    public void drop(String name, Consumer<Boolean> result) {
        if (store == null) {
            result.accept(false);
            return;
        }
        String folded = CaseMapping.fold(name);
        store.drop(folded, onLoop, (ok, error) -> {
            boolean dropped = Boolean.TRUE.equals(ok);
            if (dropped && history != null) {
                history.forgetAccount(folded, onLoop, (removed, failed) -> {
                    if (failed != null) log.warn("account {} dropped, but its direct messages could not be deleted: {}", name, failed.toString());
                    else log.info("account {} dropped with {} stored direct message(s)", name, removed);
                });
            }
            result.accept(dropped);
        });
    }

    /** Logs {@code c} in: 900, and account-notify to peers if it is already on the network. */
    public void loggedIn(Client c, String account) {
        c.account = account;
        String mask = c.target() + "!" + (c.user == null ? "*" : c.user) + "@" + c.host;
        out.numeric(c, RPL_LOGGEDIN, mask, account, "You are now logged in as " + account);
        if (c.registered) {
            relay.toPeers(relay.event(Kind.ACCOUNT, c, null, ":" + c.prefix() + " ACCOUNT " + account, null, null,
                    Cap.ACCOUNT_NOTIFY), c, false, true);
        }
    }

    /** Logs {@code c} out (its account was dropped): 901 and {@code ACCOUNT *}. */
    public void loggedOut(Client c) {
        if (c.account == null) return;
        c.account = null;
        out.numeric(c, RPL_LOGGEDOUT, c.prefix(), "You are now logged out");
        if (c.registered) {
            relay.toPeers(relay.event(Kind.ACCOUNT, c, null, ":" + c.prefix() + " ACCOUNT *", null, null,
                    Cap.ACCOUNT_NOTIFY), c, false, true);
        }
    }

    /** True if {@code c} is logged in to the account {@code name} (casefolded comparison). */
    public static boolean isLoggedInAs(Client c, String name) {
        return c.account != null && name != null && CaseMapping.fold(c.account).equals(CaseMapping.fold(name));
    }
}
