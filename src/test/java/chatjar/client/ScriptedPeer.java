package chatjar.client;

import org.junit.jupiter.api.AfterEach;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * For tests that play the server themselves over a real loopback socket, writing its every line: the
 * listener, the accepted peer, and the client under test, closed after each test.
 */
abstract class ScriptedPeer {
    ServerSocket listener;
    Socket peer;
    BufferedReader in;
    OutputStream out;
    RecordingOutput screen = new RecordingOutput();
    ChatClient client;

    @AfterEach
    void stop() throws IOException {
        // The script never answers QUIT by closing: close first so quit() need not wait for it.
        if (peer != null) peer.close();
        if (listener != null) listener.close();
        if (client != null) client.quit("test over");
    }

    /** Lines as the server would send them. */
    void write(String... lines) throws IOException {
        for (String l : lines) out.write((l + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
