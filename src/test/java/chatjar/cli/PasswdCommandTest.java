package chatjar.cli;

import chatjar.ChatJar;
import chatjar.server.auth.PasswordHash;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PasswdCommandTest {
    private int run(String stdin, StringWriter out, StringWriter err, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            CommandLine cl = ChatJar.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            return cl.execute(args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void printsAHashOfTheLineOnStandardInput() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run("s3cret pass\n", out, err, "passwd", "--iterations", "1000");
        assertThat(code).isZero();
        String hash = out.toString().strip();
        assertThat(hash).startsWith("pbkdf2-sha256$1000$");
        assertThat(PasswordHash.verify(hash, "s3cret pass".toCharArray())).isTrue();
    }

    @Test
    void emptyPasswordIsRefusedWithExitCode2() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(run("\n", out, err, "passwd")).isEqualTo(2);
        assertThat(err.toString()).contains("empty password");
        assertThat(out.toString()).isEmpty();
    }
}
