package chatjar.store;

import chatjar.store.scram.ScramServer;
import chatjar.store.scram.ScramTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static chatjar.store.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Account behaviour every AccountStore must have. */
public abstract class AccountStoreContract {
    protected AccountStore accounts;

    protected abstract AccountStore open() throws Exception;

    protected abstract void closeStore();

    @BeforeEach
    void openStore() throws Exception {
        accounts = open();
    }

    @AfterEach
    void close() {
        closeStore();
    }

    protected boolean create(String name, String password) {
        return result((on, done) -> accounts.create(name, name.toUpperCase(), password.toCharArray(), on, done));
    }

    @Test
    void registerOnceThenVerifyAndChangePassword() {
        assertThat(create("alice", "secret1")).isTrue();
        assertThat(create("alice", "other")).isFalse();
        Account a = result((on, done) -> accounts.verify("alice", "secret1".toCharArray(), on, done));
        assertThat(a.display()).isEqualTo("ALICE");
        assertThat(a.nicks()).containsExactly("alice");
        assertThat(Await.<Account>result((on, done) -> accounts.verify("alice", "wrong".toCharArray(), on, done))).isNull();
        assertThat(Await.<Account>result((on, done) -> accounts.verify("nobody", "secret1".toCharArray(), on, done))).isNull();
        assertThat(Await.<Boolean>result((on, done) -> accounts.setPassword("alice", "secret2".toCharArray(), on, done))).isTrue();
        assertThat(Await.<Account>result((on, done) -> accounts.verify("alice", "secret1".toCharArray(), on, done))).isNull();
        assertThat(Await.<Account>result((on, done) -> accounts.verify("alice", "secret2".toCharArray(), on, done))).isNotNull();
    }

    @Test
    void scramExchangeAgainstStoredKeys() throws Exception {
        create("bob", "hunter2");
        ScramServer server = new ScramServer();
        String user = server.clientFirst("n,,n=bob,r=clientnonce");
        Account bob = result((on, done) -> accounts.get(user, on, done));
        String serverFirst = server.serverFirst(bob.credentials());
        assertThat(server.clientFinal(ScramTestClient.clientFinal("n=bob,r=clientnonce", serverFirst, "hunter2"))).startsWith("v=");

        ScramServer wrong = new ScramServer();
        wrong.clientFirst("n,,n=bob,r=clientnonce");
        String first = wrong.serverFirst(bob.credentials());
        assertThatThrownBy(() -> wrong.clientFinal(ScramTestClient.clientFinal("n=bob,r=clientnonce", first, "hunter3")))
                .hasMessage("invalid-proof");
    }

    @Test
    void nickOwnership() {
        create("carol", "pw-carol");
        create("dave", "pw-dave");
        assertThat(Await.<Boolean>result((on, done) -> accounts.claimNick("carol", "caz", on, done))).isTrue();
        assertThat(Await.<Boolean>result((on, done) -> accounts.claimNick("dave", "caz", on, done))).isFalse();
        assertThat(Await.<Boolean>result((on, done) -> accounts.claimNick("nobody", "x", on, done))).isFalse();
        assertThat(Await.<String>result((on, done) -> accounts.nickOwner("caz", on, done))).isEqualTo("carol");
        assertThat(Await.<String>result((on, done) -> accounts.nickOwner("dave", on, done))).isEqualTo("dave");
        // Registering a name someone else owns as a nick is refused.
        assertThat(create("caz", "pw-caz")).isFalse();
        assertThat(Await.<Boolean>result((on, done) -> accounts.releaseNick("dave", "caz", on, done))).isFalse();
        assertThat(Await.<Boolean>result((on, done) -> accounts.releaseNick("carol", "caz", on, done))).isTrue();
        assertThat(Await.<String>result((on, done) -> accounts.nickOwner("caz", on, done))).isNull();
    }

    @Test
    void certificatesAndDrop() {
        create("erin", "pw-erin");
        create("fred", "pw-fred");
        String fp = "ab".repeat(32);
        assertThat(Await.<Boolean>result((on, done) -> accounts.addCertificate("erin", fp, on, done))).isTrue();
        assertThat(Await.<Boolean>result((on, done) -> accounts.addCertificate("fred", fp, on, done))).isFalse();
        assertThat((Await.<Account>result((on, done) -> accounts.findByCertificate(fp, on, done))).name()).isEqualTo("erin");
        assertThat(Await.<Boolean>result((on, done) -> accounts.drop("erin", on, done))).isTrue();
        assertThat(Await.<Account>result((on, done) -> accounts.findByCertificate(fp, on, done))).isNull();
        assertThat(Await.<String>result((on, done) -> accounts.nickOwner("erin", on, done))).isNull();
        assertThat(Await.<Boolean>result((on, done) -> accounts.addCertificate("fred", fp, on, done))).isTrue();
        assertThat(Await.<Boolean>result((on, done) -> accounts.removeCertificate("fred", fp, on, done))).isTrue();
        List<String> names = result((on, done) -> accounts.list(on, done));
        assertThat(names).containsExactly("fred");
    }
}
