package chatjar.net.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import chatjar.net.LinkHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A greeting may wait a moment for the client's first lines so both go out in one write (Coalescing), but
 * it must never wait for a client that does not speak first, as a person at nc does not.
 */
@Timeout(30)
class GreetingTest {
    private EventLoop loop;
    private InetSocketAddress at;

    @BeforeEach
    void start() throws Exception {
        loop = new EventLoop(link -> {
            link.send("hello, who are you?\r\n".getBytes(StandardCharsets.US_ASCII));
            return new LinkHandler() {
                @Override public void onLine(byte[] buf, int off, int len) {
                    link.send(("you said " + new String(buf, off, len, StandardCharsets.UTF_8) + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
                @Override public void onLineTooLong() { }
                @Override public void onClose(String reason) { }
            };
        }, 512);
        at = loop.listen(new InetSocketAddress("127.0.0.1", 0));
        loop.start();
    }

    @AfterEach
    void stop() {
        loop.shutdown(() -> { }, 1000);
    }

    @Test
    void aSilentClientStillGetsTheGreeting() throws Exception {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("hello, who are you?");
        }
    }

    @Test
    void aClientThatSpeaksAtOnceGetsGreetingThenReplyInOrder() throws Exception {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("ann\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("hello, who are you?");
            assertThat(in.readLine()).isEqualTo("you said ann");
        }
    }
}
