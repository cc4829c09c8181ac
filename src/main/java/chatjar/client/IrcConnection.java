package chatjar.client;

import chatjar.irc.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One blocking socket speaking IRC lines. Reads happen on the client's network thread only; writes come from
 * the input thread and the network thread (PONG) and are serialised here.
 */
final class IrcConnection implements AutoCloseable {
    /** 512-byte body plus the IRCv3 tag allowance, as the server frames it; longer lines are dropped whole. */
    static final int MAX_LINE = 512 + 8191;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean overlong;

    IrcConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static IrcConnection open(ClientConfig config) throws IOException {
        return new IrcConnection(config.connector().open(config.host(), config.port(),
                (int) config.connectTimeout().toMillis()));
    }

    void send(Message m) throws IOException {
        sendLine(m.toString());
    }

    /** CR and LF never reach the wire from here: one call is one line, so user text cannot inject commands. */
    synchronized void sendLine(String line) throws IOException {
        String clean = line.replace("\r", "").replace("\n", " ");
        out.write((clean + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * The next line without its ending, decoded as UTF-8 (bad bytes become U+FFFD), or null at end of stream.
     * An overlong line is skipped up to its newline rather than buffered without bound. A partial line
     * survives a {@link java.net.SocketTimeoutException}, so the caller may treat a timeout as "idle" and read on.
     */
    String readLine() throws IOException {
        while (true) {
            if (pos == limit) {
                int n = in.read(buf);
                if (n < 0) {
                    String last = line.size() > 0 && !overlong ? decode(line) : null;
                    line.reset();
                    return last;
                }
                limit = n;
                pos = 0;
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') pos++;
            int n = pos - start;
            if (!overlong && line.size() + n <= MAX_LINE) line.write(buf, start, n);
            else overlong = true;
            if (pos < limit) {
                pos++; // the '\n'
                boolean skip = overlong;
                overlong = false;
                String s = skip ? null : decode(line);
                line.reset();
                if (!skip) return s;
            }
        }
    }

    /** Makes {@link #readLine} throw SocketTimeoutException after this much silence (0: wait forever). */
    void idleTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private static String decode(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket has nothing left to report
        }
    }
}
