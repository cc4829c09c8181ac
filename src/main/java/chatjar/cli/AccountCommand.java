package chatjar.cli;

import chatjar.irc.CaseMapping;
import chatjar.server.accounts.AccountService;
import chatjar.server.accounts.FileAccounts;
import chatjar.server.caps.Accounts;
import chatjar.store.AccountStore;
import chatjar.store.Completion;
import chatjar.store.HistoryStore;
import chatjar.store.StoreStartException;
import chatjar.store.redis.RedisStore;
import chatjar.store.scram.ScramCredentials;
import chatjar.store.sqlite.SqliteOptions;
import chatjar.store.sqlite.SqliteStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code chat.jar account add|del|list|passwd|import}: the accounts in a data directory, offline, or in a
 * cluster's Redis with {@code --cluster}. Works while the server runs on the same directory (SQLite's own locking
 * shares the file; the server's lock file is not taken), though a running server's logged-in users keep their
 * session until they reconnect.
 */
@Command(name = "account", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, showDefaultValues = true,
        description = {"Manage the accounts in a data directory (what REGISTER and NickServ create),",
                "or, with --cluster, the accounts a cluster's nodes share in Redis.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused (exists, not found) or some accounts not imported",
                "2:bad options, or the data directory (or the cluster's Redis) cannot be opened"})
public final class AccountCommand {
    @Option(names = "--data-dir", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The server's data directory.")
    Path dataDir = Path.of("data");

    @Option(names = "--cluster", paramLabel = "URI", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The cluster's Redis (redis://host:port, as the servers' --cluster): manage the shared accounts instead of --data-dir's.")
    String cluster;

    /** The tool takes a msgid node number like a node; under its own name it gets the same one every time. */
    static final String TOOL_NODE = "account-tool";

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Print the account names, one a line.")
    int list() throws Exception {
        return withStore((accounts, out) -> {
            for (String name : this.<List<String>>await(done -> accounts.list(Runnable::run, done))) out.println(name);
        });
    }

    @Command(name = "add", description = "Register an account; the password is read from the terminal or one line of standard input.")
    int add(@Parameters(paramLabel = "NAME") String name) throws Exception {
        char[] pw = password();
        if (pw == null) return 2;
        return withStore((accounts, out) -> {
            boolean ok = this.<Boolean>await(done -> accounts.create(CaseMapping.fold(name), name, pw, Runnable::run, done));
            out.println(ok ? "added " + name : "not added: " + name + " exists (or its nick belongs to another account)");
            if (!ok) throw new Refused();
        });
    }

    @Command(name = "passwd", description = "Set an account's password (read like add's).")
    int passwd(@Parameters(paramLabel = "NAME") String name) throws Exception {
        char[] pw = password();
        if (pw == null) return 2;
        return withStore((accounts, out) -> {
            boolean ok = this.<Boolean>await(done -> accounts.setPassword(CaseMapping.fold(name), pw, Runnable::run, done));
            out.println(ok ? "password changed for " + name : "no such account: " + name);
            if (!ok) throw new Refused();
        });
    }

    @Command(name = "del", description = "Delete an account, its nicks and certificates, and its stored direct messages.")
    int del(@Parameters(paramLabel = "NAME") String name) throws Exception {
        return withStore((accounts, out) -> {
            String folded = CaseMapping.fold(name);
            boolean ok = this.<Boolean>await(done -> accounts.drop(folded, Runnable::run, done));
            if (!ok) {
                out.println("no such account: " + name);
                throw new Refused();
            }
            // After the drop only: the conversations of an account that is not there are no one's to delete.
            long removed = this.<Long>await(done -> history.forgetAccount(folded, Runnable::run, done));
            out.println("deleted " + name + " and " + removed + " stored direct message(s)");
        });
    }

    @Command(name = "import", description = {"Move the accounts of a server --accounts FILE ('name hash' lines) into the store.",
            "Their PBKDF2 hashes become SCRAM-SHA-256 keys unchanged (no password needed); hashes with fewer than "
                    + "4096 iterations cannot, and are reported."})
    int importFile(@Parameters(paramLabel = "FILE") Path file) throws Exception {
        Accounts parsed;
        try {
            parsed = Accounts.load(file);
        } catch (IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        return withStore((accounts, out) -> {
            int imported = 0, existing = 0, skipped = 0;
            for (Accounts.Account a : parsed.all()) {
                ScramCredentials creds = FileAccounts.scram(a.hash());
                if (creds == null) {
                    out.println("skipped " + a.name() + ": its hash has too few iterations for SCRAM (set a password with: chat.jar account add)");
                    skipped++;
                    continue;
                }
                boolean ok = this.<Boolean>await(done -> accounts.importCredentials(CaseMapping.fold(a.name()), a.name(), creds,
                        Runnable::run, done));
                if (ok) imported++;
                else {
                    out.println("kept the existing account " + a.name());
                    existing++;
                }
            }
            out.println("imported " + imported + ", already there " + existing + ", skipped " + skipped);
            if (skipped > 0) throw new Refused();
        });
    }

    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }

    private interface Work {
        void run(AccountStore accounts, PrintWriter out) throws Exception;
    }

    /** The history of the store {@link #withStore} opened: {@code del} forgets the account's conversations. */
    private HistoryStore history;

    private int withStore(Work work) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AutoCloseable store;
        AccountStore accounts;
        try {
            if (cluster != null) {
                RedisStore redis = RedisStore.open(RedisStore.Options.defaults(cluster, TOOL_NODE));
                store = redis;
                accounts = redis.accounts();
                history = redis.history();
            } else {
                SqliteStore sqlite = SqliteStore.open(dataDir, SqliteOptions.defaults().withLock(false, 10_000));
                store = sqlite;
                accounts = sqlite.accounts();
                history = sqlite.history();
            }
        } catch (StoreStartException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        try (store) {
            work.run(accounts, out);
            return 0;
        } catch (Refused r) {
            return 1;
        } finally {
            out.flush();
        }
    }

    private <T> T await(java.util.function.Consumer<Completion<T>> call) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        call.accept((value, error) -> {
            if (error != null) f.completeExceptionally(error);
            else f.complete(value);
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    /** From the terminal without echo (twice), or one line of standard input; null (and a message) if unusable. */
    private char[] password() throws IOException {
        char[] pw;
        java.io.Console console = System.console();
        if (console != null) {
            pw = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (pw == null || again == null || !Arrays.equals(pw, again)) {
                spec.commandLine().getErr().println("the passwords differ");
                return null;
            }
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            pw = line == null ? null : line.toCharArray();
        }
        if (pw == null || pw.length < AccountService.MIN_PASSWORD) {
            spec.commandLine().getErr().println("a password needs at least " + AccountService.MIN_PASSWORD + " characters");
            return null;
        }
        return pw;
    }
}
