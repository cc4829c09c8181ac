package chatjar.client;

import chatjar.irc.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One blocking socket speaking IRC lines. Reads happen on the client's network thread only. Writes from any
 * thread go into one queue that a writer thread drains in order, so no caller, and no lock a caller holds,
 * ever waits on a slow or stuck socket, and lines keep the order they were sent in.
 */
final class IrcConnection implements AutoCloseable {
    /** 512-byte body plus the IRCv3 tag allowance, as the server frames it; longer lines are dropped whole. */
    static final int MAX_LINE = 512 + 8191;
    /** Lines waiting for the writer; beyond this a sender waits for the server to read. */
    static final int MAX_QUEUED = 1024;
    private static final String CLOSE = new String("close"); // identity marks the end of the queue

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean overlong;
    private final BlockingQueue<String> outgoing = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Thread writer;
    private volatile boolean closed;

    IrcConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        writer = new Thread(this::writeLoop, "client-writer");
        writer.setDaemon(true);
        writer.start();
    }

    static IrcConnection open(ClientConfig config) throws IOException {
        return new IrcConnection(config.connector().open(config.host(), config.port(),
                (int) config.connectTimeout().toMillis()));
    }

    void send(Message m) throws IOException {
        sendLine(m.toString());
    }

    /** Queues {@code m} unless the queue is full or closed; never waits (QUIT on the way out). */
    boolean offer(Message m) {
        return !closed && outgoing.offer(m.toString().replace("\r", "").replace("\n", " "));
    }

    /**
     * Queues one line for the writer. CR and LF never reach the wire from here: one call is one line, so user
     * text cannot inject commands. Waits only while {@link #MAX_QUEUED} lines are queued (a paste faster than
     * the server reads: the typist is held back, as a blocking write would); throws once the connection is closed.
     */
    void sendLine(String line) throws IOException {
        String clean = line.replace("\r", "").replace("\n", " ");
        try {
            while (!closed) {
                if (outgoing.offer(clean, 100, TimeUnit.MILLISECONDS)) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the send queue was full");
        }
        throw new SocketException("Socket closed");
    }

    /** Writes queued lines in order, as many as are waiting per flush; a write error closes the connection. */
    private void writeLoop() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(outgoing.take());
                outgoing.drainTo(batch);
                for (String line : batch) {
                    if (line == CLOSE) {
                        out.flush();
                        return;
                    }
                    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                batch.clear();
            }
        } catch (IOException e) {
            // The reader sees the same broken socket and reports it; closing makes sure it does.
            closed = true;
            outgoing.clear();
            closeSocket();
        } catch (InterruptedException e) {
            // close() gave up waiting for the queue to drain
        }
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

    /** Whether this connection is TLS (PLAIN may then carry a password). */
    boolean secure() {
        return socket instanceof javax.net.ssl.SSLSocket;
    }

    /** Makes {@link #readLine} throw SocketTimeoutException after this much silence (0: wait forever). */
    void idleTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private static String decode(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Lets the writer send what is queued (QUIT above all), waiting at most a second for a server that does not
     * read, then closes the socket. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (outgoing.offer(CLOSE) && Thread.currentThread() != writer) {
                try {
                    writer.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        closeSocket();
        writer.interrupt();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket has nothing left to report
        }
    }
}
