package chatjar.net.tls;

import chatjar.client.ClientTls;
import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reactor's TLS listener with real sockets: JDK SSLSocket clients next to plain ones, and bad handshakes. */
@Timeout(60)
class TlsTest {
    static ServerTls tls;
    TestServer server;
    int tlsPort;
    /** A second listener whose 1.5 s handshake timeout is for the bad clients only: a loaded CI machine can take that long for a good one. */
    int strictPort;

    @BeforeAll
    static void certificate() throws Exception {
        tls = ServerTls.selfSigned("localhost");
    }

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
        tlsPort = server.listenTls(tls, 20_000);
        strictPort = server.listenTls(tls, 1500);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    IrcTestClient tlsClient() throws IOException {
        Socket plain = new Socket("127.0.0.1", tlsPort);
        plain.setTcpNoDelay(true);
        return new IrcTestClient(new ClientTls(true).wrap(plain, "localhost", tlsPort));
    }

    @Test
    void tlsAndPlainClientsChatInOneChannel() throws IOException {
        try (IrcTestClient secure = tlsClient(); IrcTestClient plain = server.register("plainbob")) {
            secure.register("tlsalice");
            secure.send("JOIN #t");
            secure.expect("JOIN", "#t");
            plain.send("JOIN #t");
            plain.expect("JOIN", "#t");
            secure.expect("JOIN", "#t");

            secure.send("PRIVMSG #t :hello over TLS");
            assertThat(plain.expect("PRIVMSG", "#t").last()).isEqualTo("hello over TLS");
            plain.send("PRIVMSG #t :" + "x".repeat(400));
            assertThat(secure.expect("PRIVMSG", "#t").last()).hasSize(400);

            plain.send("WHOIS tlsalice");
            plain.expect("671", "plainbob", "tlsalice");
            plain.expect("318");
            secure.send("WHOIS plainbob");
            Message end = secure.expectAny("671", "318");
            assertThat(end.command()).as("a plain client is not reported secure").isEqualTo("318");
        }
    }

    @Test
    void manyRepliesInOneBurstArriveIntact() throws IOException {
        try (IrcTestClient secure = tlsClient()) {
            secure.register("burst");
            // ~100 KiB of replies in one turn: several TLS records, more than one wrap batch.
            for (int i = 0; i < 250; i++) secure.send("PING :" + i + "-" + "y".repeat(400));
            for (int i = 0; i < 250; i++) assertThat(secure.expect("PONG").last()).startsWith(i + "-");
        }
    }

    @Test
    void tls11IsRefused() throws IOException {
        try (Socket s = new Socket("127.0.0.1", tlsPort)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(clientHello(0x0302)); // a TLS 1.1 ClientHello, built by hand: the JDK client refuses to send one
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int type = in.readUnsignedByte();
            assertThat(type).as("a TLS alert record, not a ServerHello").isEqualTo(0x15);
            in.readUnsignedShort();
            byte[] alert = new byte[in.readUnsignedShort()];
            in.readFully(alert);
            assertThat(alert[0]).as("fatal").isEqualTo((byte) 2);
            // End of stream, not the 10 s read timeout: a server that never closed would fail here.
            assertThat(in.read()).as("the server closes after its alert").isEqualTo(-1);
        }
    }

    @Test
    void silentAndGarbageHandshakesAreClosedWithoutHurtingOthers() throws IOException {
        try (IrcTestClient good = tlsClient();
             Socket silent = new Socket("127.0.0.1", strictPort);
             Socket garbage = new Socket("127.0.0.1", strictPort)) {
            good.register("steady");
            garbage.getOutputStream().write("NICK plaintext\r\nUSER a 0 * :b\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readToEnd(garbage)).as("closed at once, nothing in clear").isLessThanOrEqualTo(7);
            good.sync();
            assertThat(readToEnd(silent)).as("closed by the 1.5 s handshake timeout").isZero();
            good.sync();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.onLoop(s -> s.users().count()) == 1);
        }
    }

    @Test
    void stalledHandshakeAfterClientHelloTimesOut() throws IOException {
        try (Socket s = new Socket("127.0.0.1", strictPort)) {
            s.getOutputStream().write(clientHello(0x0303)); // then never answers the ServerHello
            assertThat(readToEnd(s)).as("server flight, then close").isPositive();
        }
    }

    /** Reads until the server closes; returns the byte count. Fails the test (by @Timeout) if it never does. */
    @Test
    void aRefusedTlsClientIsToldWhyAfterTheHandshake() throws IOException {
        try (TestServer full = new TestServer(chatjar.server.ServerConfig.defaults()
                .withLimits(chatjar.server.ServerConfig.Limits.defaults().withMaxClients(1)))) {
            int port = full.listenTls(tls, 20_000);
            try (IrcTestClient first = full.register("first")) {
                Socket plain = new Socket("127.0.0.1", port);
                try (IrcTestClient refused = new IrcTestClient(new ClientTls(true).wrap(plain, "localhost", port))) {
                    assertThat(refused.expect("ERROR").last()).contains("Server is full");
                    refused.expectClosed();
                }
                first.send("PING :still here");
                first.expect("PONG");
            }
        }
    }

    private static int readToEnd(Socket s) throws IOException {
        s.setSoTimeout(20_000);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        int total = 0;
        try {
            for (int n; (n = in.read(buf)) >= 0; ) total += n;
        } catch (java.net.SocketException e) {
            // reset by the server: closed as well
        }
        return total;
    }

    /** A minimal ClientHello record for {@code version} offering AES-128-GCM and AES-128-CBC with ECDHE/RSA. */
    static byte[] clientHello(int version) {
        byte[] suites = {(byte) 0xc0, 0x2f, (byte) 0xc0, 0x2b, 0x00, 0x2f, 0x00, 0x35};
        // extensions: supported_groups (x25519, secp256r1), ec_point_formats, signature_algorithms
        byte[] ext = {0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x17,
                0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,
                0x00, 0x0d, 0x00, 0x08, 0x00, 0x06, 0x04, 0x03, 0x04, 0x01, 0x08, 0x04};
        int bodyLen = 2 + 32 + 1 + 2 + suites.length + 2 + 2 + ext.length;
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0x16);
        b.write(0x03);
        b.write(0x01);
        int recLen = 4 + bodyLen;
        b.write(recLen >> 8);
        b.write(recLen);
        b.write(0x01);
        b.write(0);
        b.write(bodyLen >> 8);
        b.write(bodyLen);
        b.write(version >> 8);
        b.write(version);
        for (int i = 0; i < 32; i++) b.write(i);
        b.write(0);
        b.write(0);
        b.write(suites.length);
        b.writeBytes(suites);
        b.write(1);
        b.write(0);
        b.write(0);
        b.write(ext.length);
        b.writeBytes(ext);
        return b.toByteArray();
    }
}
