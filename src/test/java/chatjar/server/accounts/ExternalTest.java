package chatjar.server.accounts;

import chatjar.net.tls.ServerTls;
import chatjar.store.memory.MemoryAccountStore;
import chatjar.store.scram.Scram;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SASL EXTERNAL with a TLS client certificate whose fingerprint NickServ CERT ADD put on the account. */
@Timeout(90)
class ExternalTest {
    static ServerTls serverTls;
    static KeyStore clientKeys;
    static String fingerprint;
    static final char[] PASSWORD = "client-pass".toCharArray();

    @BeforeAll
    static void certificates(@TempDir Path dir) throws Exception {
        serverTls = ServerTls.selfSigned("localhost");
        Path p12 = dir.resolve("client.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ircuser",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", p12.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        clientKeys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            clientKeys.load(in, PASSWORD);
        }
        X509Certificate cert = (X509Certificate) clientKeys.getCertificate("client");
        fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    static IrcTestClient tlsClient(int port, boolean withCertificate) throws Exception {
        KeyManager[] km = null;
        if (withCertificate) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(clientKeys, PASSWORD);
            km = kmf.getKeyManagers();
        }
        TrustManager trustAll = new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) { }
            public void checkServerTrusted(X509Certificate[] c, String a) { }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(km, new TrustManager[] {trustAll}, null);
        Socket plain = new Socket("127.0.0.1", port);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "localhost", port, true);
        s.startHandshake();
        return new IrcTestClient(s);
    }

    private static void startSasl(IrcTestClient c, String nick) {
        c.nick = nick;
        c.send("CAP LS 302");
        c.expect("CAP", "*", "LS");
        c.send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
        c.send("CAP REQ :sasl");
        c.expect("CAP", "*", "ACK");
    }

    @Test
    void certAddThenExternalLogsIn() throws Exception {
        try (MemoryAccountStore store = new MemoryAccountStore(Scram.MIN_ITERATIONS);
             AccountsServer s = new AccountsServer(store)) {
            int tls = s.listenTls(serverTls);
            try (IrcTestClient c = tlsClient(tls, true)) {
                c.register("jill");
                c.send("PRIVMSG NickServ :REGISTER jill-pass-1");
                c.expect("900", "jill");
                c.send("PRIVMSG NickServ :CERT ADD");
                assertThat(c.expectMatch(m -> m.command().equals("NOTICE") && m.last().contains("added"), "CERT ADD").last())
                        .contains(fingerprint);
                c.send("PRIVMSG NickServ :CERT LIST");
                c.expectMatch(m -> m.command().equals("NOTICE") && m.last().equals("Certificate: " + fingerprint), "CERT LIST");
            }
            try (IrcTestClient c = tlsClient(tls, true)) {
                startSasl(c, "jillagain");
                c.send("AUTHENTICATE EXTERNAL");
                c.expect("AUTHENTICATE", "+");
                c.send("AUTHENTICATE +");
                c.expect("900", "jillagain", "jillagain!~jillagain@127.0.0.1", "jill");
                c.expect("903");
                c.send("CAP END");
                c.expect("001");
            }
            try (IrcTestClient c = tlsClient(tls, false)) {
                startSasl(c, "nocert");
                c.send("AUTHENTICATE EXTERNAL");
                c.expect("904");
            }
            try (IrcTestClient c = s.connect()) {
                startSasl(c, "plaintext");
                c.send("AUTHENTICATE EXTERNAL");
                c.expect("904");
            }
        }
    }
}
