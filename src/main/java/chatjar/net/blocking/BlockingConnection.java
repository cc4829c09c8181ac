package chatjar.net.blocking;

import chatjar.net.Link;
import chatjar.net.LinkHandler;
import chatjar.net.LineFramer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;

/**
 * One socket in the thread-per-connection model. The reader thread blocks in read() and hands each batch of
 * lines to the protocol under the transport's lock; it is also the only place that reports the close, so
 * {@link LinkHandler#onClose} runs exactly once. Output goes to this connection's own queue, drained by a
 * writer thread that exists only while there is output (it lingers briefly, then ends), so idle clients
 * cost one thread, not two.
 */
final class BlockingConnection implements Link, LineFramer.Sink {
    private static final long WRITER_LINGER_MILLIS = 2000;

    private final ThreadPerConnectionTransport transport;
    private final Socket socket;
    private final long id;
    private final String remote;
    private final LineFramer framer;
    private final int maxLine;
    private LinkHandler handler;

    // Guarded by this connection's monitor: shared between protocol callers and the writer.
    private final ArrayDeque<byte[]> out = new ArrayDeque<>();
    private long pending;
    private boolean writerRunning;
    private volatile boolean closing;
    private String closeReason;

    BlockingConnection(ThreadPerConnectionTransport transport, Socket socket, long id, int maxLine) {
        this.transport = transport;
        this.socket = socket;
        this.id = id;
        this.remote = socket.getInetAddress().getHostAddress();
        this.framer = new LineFramer(maxLine);
        this.maxLine = maxLine;
    }

    @Override public long id() { return id; }
    @Override public String remoteAddress() { return remote; }
    @Override public boolean isOpen() { return !closing; }

    @Override
    public synchronized long pendingBytes() {
        return pending;
    }

    @Override
    public void send(byte[] bytes) {
        boolean start = false;
        synchronized (this) {
            if (closing || bytes.length == 0) return;
            out.addLast(bytes);
            pending += bytes.length;
            if (!writerRunning) {
                writerRunning = true;
                start = true;
            } else {
                notifyAll();
            }
        }
        if (start) startWriter();
    }

    private void startWriter() {
        try {
            transport.threads.newThread(this::writeLoop).start();
        } catch (RuntimeException | OutOfMemoryError e) {
            synchronized (this) {
                writerRunning = false;
            }
            abort(); // no thread for its output: this client cannot be served; the reader reports the close
        }
    }

    @Override
    public synchronized void discardPending() {
        out.clear();
        pending = 0;
    }

    @Override
    public void close(String reason) {
        boolean start = false;
        synchronized (this) {
            if (closing) return;
            closing = true;
            closeReason = reason;
            if (!writerRunning) {
                writerRunning = true;
                start = true;
            } else {
                notifyAll();
            }
        }
        if (start) startWriter(); // the writer sends what is queued (ERROR ...), then closes the socket
    }

    /** Closes the socket now; the blocked reader wakes with an error and reports the close. */
    void abort() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    // ---- reader thread ----

    void readLoop() {
        transport.locked(() -> handler = transport.protocol.open(this));
        // Reads land after maxLine bytes of headroom, where the framer puts back an unfinished line.
        byte[] buf = new byte[maxLine + 4096];
        try (InputStream in = socket.getInputStream()) {
            while (handler != null) {
                int n = in.read(buf, maxLine, buf.length - maxLine);
                if (n < 0) {
                    transport.locked(() -> framer.finish(this));
                    break;
                }
                transport.locked(() -> framer.feed(buf, maxLine, n, this));
            }
        } catch (IOException e) {
            synchronized (this) {
                if (closeReason == null) closeReason = e.getMessage() != null && e.getMessage().contains("reset")
                        ? "Connection reset by peer" : "Connection closed";
            }
        } finally {
            finish();
        }
    }

    private void finish() {
        String reason;
        synchronized (this) {
            closing = true;
            if (closeReason == null) closeReason = "Connection closed";
            reason = closeReason;
            out.clear();
            pending = 0;
            notifyAll();
        }
        abort();
        transport.connections.remove(this);
        if (handler != null) transport.locked(() -> handler.onClose(reason));
    }

    @Override
    public boolean line(byte[] buf, int off, int len) {
        if (closing) return false;
        handler.onLine(buf, off, len);
        return !closing;
    }

    @Override
    public void lineTooLong() {
        if (!closing) handler.onLineTooLong();
    }

    // ---- writer thread ----

    private void writeLoop() {
        byte[] batch = new byte[16 * 1024];
        try {
            OutputStream os = socket.getOutputStream();
            while (true) {
                int n = 0;
                boolean closeAfter;
                synchronized (this) {
                    if (out.isEmpty() && !closing) {
                        wait(WRITER_LINGER_MILLIS);
                        if (out.isEmpty() && !closing) {
                            writerRunning = false;
                            return;
                        }
                    }
                    // Coalesce what is queued into one write(), as the reactor does before select.
                    while (!out.isEmpty() && n + out.peekFirst().length <= batch.length) {
                        byte[] b = out.pollFirst();
                        System.arraycopy(b, 0, batch, n, b.length);
                        n += b.length;
                    }
                    if (n == 0 && !out.isEmpty()) { // one chunk bigger than the batch buffer
                        byte[] b = out.pollFirst();
                        batch = b.length > batch.length ? b : batch;
                        System.arraycopy(b, 0, batch, 0, b.length);
                        n = b.length;
                    }
                    closeAfter = closing && out.isEmpty();
                }
                if (n > 0) os.write(batch, 0, n); // blocks while the peer is not reading: only this thread waits
                synchronized (this) {
                    pending = Math.max(0, pending - n);
                }
                if (closeAfter) {
                    abort();
                    return;
                }
            }
        } catch (IOException e) {
            abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
        }
    }

    @Override
    public String toString() {
        return "#" + id + "@" + remote;
    }
}
