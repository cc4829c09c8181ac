package chatjar.store;

import chatjar.store.scram.ScramCredentials;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Registered accounts. Names, nicks and fingerprints are passed casefolded (fingerprints lowercase hex) by the
 * caller. Every call answers on {@code on}, never on the calling thread's stack; password work (PBKDF2) runs
 * on the store's own worker, never on the loop. Passwords are wiped after use. Booleans answer "done" (true)
 * or "refused" (false: the name exists, the account does not, the nick or fingerprint belongs to another).
 */
public interface AccountStore {
    /** Registers {@code name} with SCRAM-SHA-256 keys derived from {@code password}; the account owns its name as a nick. */
    void create(String name, String display, char[] password, Executor on, Completion<Boolean> done);

    /**
     * Registers {@code name} with keys derived elsewhere ({@code account import} of the {@code --accounts} file,
     * whose PBKDF2 hashes are SCRAM's SaltedPassword): false if the name or its nick is taken.
     */
    void importCredentials(String name, String display, ScramCredentials credentials, Executor on, Completion<Boolean> done);

    /** The account, or null. */
    void get(String name, Executor on, Completion<Account> done);

    /** SASL PLAIN and IDENTIFY: the account if {@code password} matches its keys, else null. */
    void verify(String name, char[] password, Executor on, Completion<Account> done);

    void setPassword(String name, char[] password, Executor on, Completion<Boolean> done);

    /** Removes the account with its nicks and fingerprints (history stays, as senders' records). */
    void drop(String name, Executor on, Completion<Boolean> done);

    /** Account names, casefolded and sorted: for {@code account list}. */
    void list(Executor on, Completion<List<String>> done);

    /** SASL EXTERNAL: false if the fingerprint is already another account's, or the account does not exist. */
    void addCertificate(String name, String fingerprint, Executor on, Completion<Boolean> done);

    void removeCertificate(String name, String fingerprint, Executor on, Completion<Boolean> done);

    /** The account a client certificate logs in, or null. */
    void findByCertificate(String fingerprint, Executor on, Completion<Account> done);

    /** Nick ownership: false if another account owns it or {@code name} does not exist. */
    void claimNick(String name, String nick, Executor on, Completion<Boolean> done);

    void releaseNick(String name, String nick, Executor on, Completion<Boolean> done);

    /** The account owning {@code nick}, or null. */
    void nickOwner(String nick, Executor on, Completion<String> done);
}
