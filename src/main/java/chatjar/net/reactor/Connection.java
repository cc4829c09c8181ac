package chatjar.net.reactor;

import chatjar.net.Link;
import chatjar.net.LinkHandler;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One accepted socket on the reactor: its key, its framer and its outbound queue. The queue holds references
 * to immutable byte arrays, often the same array shared by every member of a channel; bytes are copied only
 * once, into the loop's write buffer, when the connection is flushed.
 *
 * <p>Owned by the loop thread; nothing here is thread-safe, and nothing needs to be.
 */
final class Connection implements Link, LineFramer.Sink {
    final EventLoop loop;
    final SocketChannel channel;
    final long id;
    final String remote;
    final LineFramer framer;
    SelectionKey key;
    LinkHandler handler;
    /** Null on a plain listener's connections. */
    TlsLayer tls;

    /** Allocated on first send and dropped when drained, so idle connections carry no queue. */
    ArrayDeque<byte[]> out;
    int headOffset;
    long pending;
    /** When the queue last went from empty to non-empty (loop nanos): the age coalescing looks at. */
    long queuedAt;
    private int chunks;
    private int peakChunks;

    /** Set by the first read: until then the greeting may wait for the client's first lines (see Coalescing). */
    boolean heard;
    boolean dirty;
    /** Asked to close while a TLS handshake was still running, with something left to say. */
    boolean lingering;
    boolean closing;
    boolean closed;
    String closeReason;

    Connection(EventLoop loop, SocketChannel channel, long id, String remote, int maxLine) {
        this.loop = loop;
        this.channel = channel;
        this.id = id;
        this.remote = remote;
        this.framer = new LineFramer(maxLine);
    }

    @Override public long id() { return id; }
    @Override public String remoteAddress() { return remote; }
    @Override public long pendingBytes() { return pending; }
    @Override public boolean isOpen() { return !closing; }
    @Override public boolean isSecure() { return tls != null; }

    @Override
    public void send(byte[] bytes) {
        if (closing || bytes.length == 0) return;
        if (out == null) {
            out = loop.takeQueue();
            queuedAt = loop.nowNanos();
        }
        out.addLast(bytes);
        loop.sends++;
        if (++chunks > peakChunks) peakChunks = chunks;
        pending += bytes.length;
        if (!dirty) {
            dirty = true;
            loop.markDirty(this);
        }
    }

    @Override
    public void close(String reason) {
        if (closing || lingering) return;
        if (tls != null && tls.handshaking() && out != null && loop.tls().startLinger(loop, this)) {
            // Last words (the ERROR refusing a connection) can only be encrypted once the handshake is done:
            // wait for it, briefly and for a bounded number of connections, then close as usual
            // (TlsLayer.finishedIf, or TlsShared's linger timer).
            lingering = true;
            closeReason = reason;
            return;
        }
        closing = true;
        closeReason = reason;
        loop.markClosing(this);
    }

    @Override
    public void discardPending() {
        if (out != null) release();
        headOffset = 0;
        pending = 0;
    }

    private void release() {
        loop.recycle(out, peakChunks);
        out = null;
        chunks = 0;
        peakChunks = 0;
    }

    /** Pops {@code n} written bytes off the head of the queue. */
    void consumed(int n) {
        pending -= n;
        while (n > 0) {
            byte[] head = out.peekFirst();
            int rest = head.length - headOffset;
            if (n >= rest) {
                out.pollFirst();
                chunks--;
                headOffset = 0;
                n -= rest;
            } else {
                headOffset += n;
                n = 0;
            }
        }
        if (out.isEmpty()) release();
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

    @Override
    public String toString() {
        return "#" + id + "@" + remote;
    }
}
