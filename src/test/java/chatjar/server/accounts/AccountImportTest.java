package chatjar.server.accounts;

import chatjar.ChatJar;
import chatjar.server.auth.PasswordHash;
import chatjar.store.sqlite.SqliteStore;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code chat.jar account import}: a --accounts file's PBKDF2 hashes become SCRAM keys in the store. */
@Timeout(60)
class AccountImportTest {
    private String output;

    private int run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = ChatJar.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int code = cl.execute(args);
        output = out.toString();
        return code;
    }

    @Test
    void importedAccountsLogInWithPlainAndScram(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("accounts.txt");
        Files.write(file, List.of("# from the old server",
                "Kim " + PasswordHash.hash("kim-password".toCharArray(), 4096),
                "lee " + PasswordHash.hash("lee-password".toCharArray(), PasswordHash.MIN_ITERATIONS)));
        Path data = dir.resolve("data");

        assertThat(run("account", "import", file.toString(), "--data-dir", data.toString())).isEqualTo(1);
        assertThat(output).contains("skipped lee", "imported 1, already there 0, skipped 1");
        assertThat(run("account", "import", file.toString(), "--data-dir", data.toString())).isEqualTo(1);
        assertThat(output).contains("kept the existing account Kim", "imported 0, already there 1");
        assertThat(run("account", "list", "--data-dir", data.toString())).isZero();
        assertThat(output.strip()).isEqualTo("kim");
        assertThat(run("account", "del", "nobody", "--data-dir", data.toString())).isEqualTo(1);

        try (SqliteStore store = SqliteStore.open(data, AccountRegistrationTest.fast());
             AccountsServer s = new AccountsServer(store.accounts());
             IrcTestClient c = AccountRegistrationTest.negotiating(s, "kimmy")) {
            assertThat(ScramClient.login(c, "kim", "kim-password")).isTrue();
            c.send("CAP END");
            c.expect("001");
            assertThat(s.<String>onLoop(x -> x.users().find("kimmy").account)).isEqualTo("Kim");
            try (IrcTestClient p = AccountRegistrationTest.negotiating(s, "kimtoo")) {
                p.send("AUTHENTICATE PLAIN");
                p.expect("AUTHENTICATE", "+");
                p.send("AUTHENTICATE " + ScramClient.plain("KIM", "kim-password"));
                p.expect("903");
            }
        }
    }
}
