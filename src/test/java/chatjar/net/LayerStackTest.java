package chatjar.net;

import chatjar.net.reactor.EventLoop;
import chatjar.net.tls.ServerTls;
import chatjar.net.tls.TlsLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A layer the reactor has never heard of, added to a listener as one more entry in its stack: it passes bytes
 * through and counts them. Over real sockets, below and above TLS, so the counts show where it sits.
 */
@Timeout(30)
class LayerStackTest {
    private static final String SENT = "hello\r\nworld\r\n";
    private static final String REPLIES = "you said hello\r\nyou said world\r\n";

    /** The trivial extra layer. Counters are atomic only because the test thread reads them. */
    static final class Counting implements Layer {
        final AtomicLong in = new AtomicLong();
        final AtomicLong out = new AtomicLong();

        @Override
        public void read(Context ctx, byte[] buf, int off, int len) throws IOException {
            in.addAndGet(len);
            ctx.readUp(buf, off, len);
        }

        @Override
        public void write(Context ctx, ByteBuffer src) throws IOException {
            int before = src.remaining();
            ctx.writeDown(src);
            out.addAndGet(before - src.remaining());
        }
    }

    private final List<Counting> made = new CopyOnWriteArrayList<>();
    private final Layer.Factory counting = () -> {
        Counting c = new Counting();
        made.add(c);
        return c;
    };
    private EventLoop loop;
    private final AtomicLong opened = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        loop = new EventLoop(link -> {
            opened.incrementAndGet();
            return new LinkHandler() {
            @Override
            public void onLine(byte[] buf, int off, int len) {
                link.send(("you said " + new String(buf, off, len, StandardCharsets.UTF_8) + "\r\n").getBytes(StandardCharsets.UTF_8));
            }

            @Override public void onLineTooLong() { }
            @Override public void onClose(String reason) { }
        };
        }, 512);
        loop.start();
    }

    @AfterEach
    void stop() {
        loop.shutdown(() -> { }, 2000);
    }

    private int listen(Layer.Factory... stack) throws IOException {
        return loop.listen(new Listener(new InetSocketAddress("127.0.0.1", 0), List.of(stack))).getPort();
    }

    @Test
    void aCountingLayerUnderTheFramerSeesEveryByteBothWays() throws IOException {
        int port = listen(counting, LineFramer.factory(512));
        try (Socket s = new Socket("127.0.0.1", port)) {
            talk(s);
        }
        assertThat(made).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(made.get(0).in.get()).isEqualTo(SENT.length());
            assertThat(made.get(0).out.get()).isEqualTo(REPLIES.length());
        });
    }

    @Test
    void aboveTlsItCountsPlaintextAndBelowItCiphertext() throws Exception {
        ServerTls tls = ServerTls.selfSigned("localhost");
        int above = listen(TlsLayer.factory(tls, 20_000), counting, LineFramer.factory(512));
        try (Socket s = tlsClient(above)) {
            talk(s);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(made.get(0).in.get()).isEqualTo(SENT.length());
            assertThat(made.get(0).out.get()).isEqualTo(REPLIES.length());
        });

        int below = listen(counting, TlsLayer.factory(tls, 20_000), LineFramer.factory(512));
        try (Socket s = tlsClient(below)) {
            talk(s);
        }
        // Records, handshake and the 16-byte AEAD tags: always more than the plaintext.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(made.get(1).in.get()).isGreaterThan(SENT.length() + 100);
            assertThat(made.get(1).out.get()).isGreaterThan(REPLIES.length() + 100);
        });
    }

    /**
     * What a WebSocket layer needs: keep the protocol from seeing the connection until an upgrade (here: a first
     * "GO" line), and frame every message the protocol sends (here: a '>' in front).
     */
    final AtomicLong dropped = new AtomicLong();

    final class Gate implements Layer, Layer.MessageEncoder {
        private boolean open;

        @Override
        public void open(Context ctx) {
            ctx.holdProtocol();
        }

        @Override
        public void read(Context ctx, byte[] buf, int off, int len) throws IOException {
            if (!open) {
                int go = "GO\r\n".length();
                if (len < go || !new String(buf, off, go, StandardCharsets.US_ASCII).equals("GO\r\n")) {
                    dropped.addAndGet(len); // not upgraded: nothing reaches the protocol
                    return;
                }
                open = true;
                ctx.openProtocol();
                off += go;
                len -= go;
                if (len == 0) return;
            }
            ctx.readUp(buf, off, len);
        }

        @Override
        public void write(Context ctx, ByteBuffer src) throws IOException {
            ctx.writeDown(src);
        }

        @Override
        public byte[] encode(byte[] message) {
            byte[] framed = new byte[message.length + 1];
            framed[0] = '>';
            System.arraycopy(message, 0, framed, 1, message.length);
            return framed;
        }
    }

    @Test
    void aLayerHoldsTheProtocolBackAndFramesWhatItSends() throws IOException {
        int port = listen(Gate::new, LineFramer.factory(512));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            try (Socket idle = new Socket("127.0.0.1", port)) {
                idle.getOutputStream().write('x'); // heard, but not the "upgrade": the protocol must not see it
                s.getOutputStream().write("GO\r\nping\r\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo(">you said ping");
                await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 1);
                assertThat(opened.get()).as("only the upgraded connection was opened").isEqualTo(1);
            }
        }
    }

    private static void talk(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(SENT.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).isEqualTo("you said hello");
        assertThat(in.readLine()).isEqualTo("you said world");
    }

    private static Socket tlsClient(int port) throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trustAll}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake();
        return s;
    }
}
