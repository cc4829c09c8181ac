package chatjar.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's line reading over a real socket: fragments, CRLF and LF, an overlong line, bad UTF-8. */
@Timeout(30)
class IrcConnectionTest {
    @Test
    void framesFragmentedInputAndSkipsOverlongLines() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept();
             IrcConnection conn = new IrcConnection(client)) {
            OutputStream out = peer.getOutputStream();
            out.write("PING a\r".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write("\nPI".getBytes(StandardCharsets.US_ASCII));
            out.write(("NG b\n" + "x".repeat(IrcConnection.MAX_LINE + 5000) + "\r\nafter\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[]{'b', 'a', 'd', (byte) 0xff, '\n'});
            out.write("tail".getBytes(StandardCharsets.US_ASCII));
            peer.shutdownOutput();
            assertThat(conn.readLine()).isEqualTo("PING a");
            assertThat(conn.readLine()).isEqualTo("PING b");
            assertThat(conn.readLine()).as("the overlong line is dropped whole").isEqualTo("after");
            assertThat(conn.readLine()).isEqualTo("bad\uFFFD");
            assertThat(conn.readLine()).isEqualTo("tail");
            assertThat(conn.readLine()).isNull();
        }
    }

    @Test
    void userTextCannotInjectASecondLine() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept();
             IrcConnection conn = new IrcConnection(client)) {
            conn.send(chatjar.irc.Message.of(null, "PRIVMSG", "#a", "hi\r\nQUIT :gotcha"));
            conn.close(); // lets the writer send what is queued, then closes
            String wire = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(wire).isEqualTo("PRIVMSG #a :hi QUIT :gotcha\r\n");
        }
    }
}
