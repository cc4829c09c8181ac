package chatjar.net.tls;

import chatjar.client.ClientTls;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Certificates as operators have them (made here by openssl, as certbot would write them), and openssl's
 * s_client as a foreign TLS client. Needs the openssl command (.ci/run installs it).
 */
@Timeout(60)
class PemAndOpensslTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        String san = "-addext=subjectAltName=DNS:localhost,IP:127.0.0.1";
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa8.pem", "-out", "rsa.crt",
                "-subj", "/CN=localhost", "-days", "2", san);
        openssl("rsa", "-in", "rsa8.pem", "-traditional", "-out", "rsa1.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ec8.pem", "-out", "ec.crt", "-subj", "/CN=localhost", "-days", "2", san);
        openssl("ec", "-in", "ec8.pem", "-out", "sec1.pem");
        openssl("pkcs12", "-export", "-in", "rsa.crt", "-inkey", "rsa8.pem", "-out", "rsa.p12", "-passout", "pass:secret");
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl %s: %s", args[0], out).isTrue();
    }

    @Test
    void keyFormatsCertbotAndOpensslWrite() throws Exception {
        assertThat(Files.readString(dir.resolve("rsa8.pem"))).contains("BEGIN PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("rsa1.pem"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("sec1.pem"))).contains("BEGIN EC PRIVATE KEY");
        for (String[] pair : new String[][] {{"rsa.crt", "rsa8.pem"}, {"rsa.crt", "rsa1.pem"}, {"ec.crt", "ec8.pem"}, {"ec.crt", "sec1.pem"}}) {
            ServerTls tls = ServerTls.fromPem(dir.resolve(pair[0]), dir.resolve(pair[1]));
            assertThat(handshakeSubject(tls)).as("%s + %s", pair[0], pair[1]).contains("CN=localhost");
        }
        ServerTls p12 = ServerTls.fromKeystore(dir.resolve("rsa.p12"), "secret".toCharArray());
        assertThat(handshakeSubject(p12)).contains("CN=localhost");
    }

    @Test
    void reloadPicksUpARenewedCertificateAndKeepsTheOldOneOnError() throws Exception {
        Path cert = dir.resolve("live.crt");
        Path key = dir.resolve("live.key");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "live.key", "-out", "live.crt", "-subj", "/CN=first", "-days", "2");
        ServerTls tls = ServerTls.fromPem(cert, key);
        assertThat(handshakeSubject(tls)).contains("CN=first");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "live.key", "-out", "live.crt", "-subj", "/CN=renewed", "-days", "2");
        tls.reload();
        assertThat(handshakeSubject(tls)).contains("CN=renewed");
        Files.writeString(key, "not a key");
        assertThatThrownBy(tls::reload).isInstanceOf(GeneralSecurityException.class);
        assertThat(handshakeSubject(tls)).as("the old context stays").contains("CN=renewed");
    }

    @Test
    void mismatchedKeyIsOneClearError() {
        assertThatThrownBy(() -> ServerTls.fromPem(dir.resolve("rsa.crt"), dir.resolve("sec1.pem")))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> ServerTls.fromPem(dir.resolve("rsa.crt"), dir.resolve("rsa.crt")))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("no private key");
    }

    @Test
    void verifyingClientRefusesAnUntrustedCertificate() throws Exception {
        try (TestServer server = new TestServer()) {
            int port = server.listenTls(ServerTls.fromPem(dir.resolve("ec.crt"), dir.resolve("ec8.pem")), 20_000);
            Socket s = new Socket("127.0.0.1", port);
            assertThatThrownBy(() -> new ClientTls(false).wrap(s, "localhost", port)).isInstanceOf(SSLHandshakeException.class);
            s.close();
        }
    }

    @Test
    void opensslClientRegistersAndChats() throws Exception {
        try (TestServer server = new TestServer(); IrcTestClient plain = server.register("plain")) {
            int port = server.listenTls(ServerTls.fromPem(dir.resolve("ec.crt"), dir.resolve("sec1.pem")), 20_000);
            plain.send("JOIN #o");
            plain.expect("JOIN", "#o");
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-quiet",
                    "-servername", "localhost", "-CAfile", dir.resolve("ec.crt").toString(), "-verify_return_error")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream();
                 BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                in.write("NICK ossl\r\nUSER ossl 0 * :openssl\r\nJOIN #o\r\nPRIVMSG #o :hi from s_client\r\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                assertThat(readUntil(out, " 001 ossl ")).isTrue();
                assertThat(plain.expect("PRIVMSG", "#o").last()).isEqualTo("hi from s_client");
                plain.send("PRIVMSG #o :hi back");
                assertThat(readUntil(out, "PRIVMSG #o :hi back")).isTrue();
                in.write("QUIT :bye\r\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                assertThat(readUntil(out, "ERROR")).isTrue();
            } finally {
                p.destroy();
            }
        }
    }

    private static boolean readUntil(BufferedReader r, String text) throws IOException {
        for (String line; (line = r.readLine()) != null; ) if (line.contains(text)) return true;
        return false;
    }

    /** A full handshake with a trust-all JDK client; returns the server certificate's subject. */
    private static String handshakeSubject(ServerTls tls) throws Exception {
        try (TestServer server = new TestServer()) {
            int port = server.listenTls(tls, 20_000);
            try (Socket s = new ClientTls(true).wrap(new Socket("127.0.0.1", port), "localhost", port)) {
                return ((javax.net.ssl.SSLSocket) s).getSession().getPeerPrincipal().getName();
            }
        }
    }
}
