package chatjar.store.sqlite;

import chatjar.store.Account;
import chatjar.store.AccountStore;
import chatjar.store.AccountStoreContract;
import chatjar.store.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static chatjar.store.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

class SqliteAccountStoreTest extends AccountStoreContract {
    @TempDir
    Path dir;
    SqliteStore store;

    @Override
    protected AccountStore open() throws Exception {
        store = SqliteStore.open(dir, SqliteHistoryStoreTest.small());
        return store.accounts();
    }

    @Override
    protected void closeStore() {
        store.close();
    }

    @Test
    void restartKeepsAccounts() throws Exception {
        create("gina", "pw-gina");
        Await.<Boolean>result((on, done) -> accounts.claimNick("gina", "gigi", on, done));
        Await.<Boolean>result((on, done) -> accounts.addCertificate("gina", "cd".repeat(32), on, done));
        store.close();
        accounts = open();
        Account g = result((on, done) -> accounts.verify("gina", "pw-gina".toCharArray(), on, done));
        assertThat(g.nicks()).containsExactly("gigi", "gina");
        assertThat(g.certificates()).containsExactly("cd".repeat(32));
    }
}
