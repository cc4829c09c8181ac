package chatjar.net.reactor;

import chatjar.net.Layer;
import chatjar.net.LineFramer;
import chatjar.net.Link;
import chatjar.net.LinkHandler;
import chatjar.net.Protocol;
import chatjar.net.Scheduler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One accepted socket on the reactor: its key, its layer stack and its outbound queue. The queue holds
 * references to immutable byte arrays, often the same array shared by every member of a channel; bytes are
 * copied only once, into the loop's write buffer, when the connection is flushed, and that buffer then goes
 * down the stack to the socket.
 *
 * <p>Owned by the loop thread; nothing here is thread-safe, and nothing needs to be.
 */
final class Connection implements Link, LineFramer.Sink {
    final EventLoop loop;
    final SocketChannel channel;
    final long id;
    final String remote;
    /** The stack, socket side first; the top one delivers lines to {@link #line}. */
    private final Stage[] stages;
    private final boolean secure;
    /** Layers that frame each message at send(), top first; null for most stacks. */
    private final Layer.MessageEncoder[] encoders;
    /** A layer keeps the protocol from seeing this connection yet (Context.holdProtocol). */
    private boolean protocolHeld;
    SelectionKey key;
    LinkHandler handler;

    /** Allocated on first send and dropped when drained, so idle connections carry no queue. */
    ArrayDeque<byte[]> out;
    int headOffset;
    long pending;
    /** When the queue last went from empty to non-empty (loop nanos): the age coalescing looks at. */
    long queuedAt;
    /** Lines queued since the last end-of-turn flush: what Coalescing weighs against write() calls. */
    int lines;
    private int chunks;
    private int peakChunks;

    /** Set by the first read: until then the greeting may wait for the client's first lines (see Coalescing). */
    boolean heard;
    boolean dirty;
    /** Asked to close while a layer was not ready (a TLS handshake) with something left to say. */
    boolean lingering;
    boolean closing;
    boolean closed;
    String closeReason;
    /** The kernel refused part of this flush: OP_WRITE stays armed until it takes the rest. */
    private boolean blocked;
    private boolean readsPaused;

    Connection(EventLoop loop, SocketChannel channel, long id, String remote, List<Layer.Factory> layers) {
        this.loop = loop;
        this.channel = channel;
        this.id = id;
        this.remote = remote;
        this.stages = new Stage[layers.size()];
        boolean anySecure = false;
        List<Layer.MessageEncoder> framing = new ArrayList<>(0);
        for (int i = 0; i < stages.length; i++) {
            stages[i] = new Stage(i, layers.get(i).create());
            anySecure |= stages[i].layer.secure();
            if (stages[i].layer instanceof Layer.MessageEncoder e) framing.add(0, e);
        }
        this.secure = anySecure;
        this.encoders = framing.isEmpty() ? null : framing.toArray(new Layer.MessageEncoder[0]);
    }

    @Override public long id() { return id; }
    @Override public String remoteAddress() { return remote; }
    @Override public long pendingBytes() { return pending; }
    @Override public boolean isOpen() { return !closing; }
    @Override public boolean isSecure() { return secure; }

    @Override
    public String peerCertificateFingerprint() {
        for (Stage s : stages) {
            String fp = s.layer.peerCertificateFingerprint();
            if (fp != null) return fp;
        }
        return null;
    }

    /** Lets each layer start (bottom up), then shows the connection to the protocol unless a layer holds it. */
    void open(Protocol protocol) throws IOException {
        for (Stage s : stages) s.layer.open(s);
        if (!protocolHeld) handler = protocol.open(this);
    }

    @Override
    public void send(byte[] bytes) {
        if (closing) return;
        if (encoders != null) for (Layer.MessageEncoder e : encoders) bytes = e.encode(bytes);
        loop.sends++;
        queue(bytes);
    }

    private void queue(byte[] bytes) {
        if (closing || bytes.length == 0) return;
        if (out == null) {
            out = loop.queues.take();
            queuedAt = loop.nowNanos();
        }
        out.addLast(bytes);
        lines++;
        if (++chunks > peakChunks) peakChunks = chunks;
        pending += bytes.length;
        markDirty();
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            loop.markDirty(this);
        }
    }

    @Override
    public void close(String reason) {
        if (closing || lingering) return;
        if (out != null && !ready() && loop.startLinger(this)) {
            // Last words (the ERROR refusing a connection) can only go once every layer can carry them (a TLS
            // handshake must finish first): wait, briefly and for a bounded number of connections (EventLoop).
            lingering = true;
            closeReason = reason;
            return;
        }
        closing = true;
        closeReason = reason;
        interest();
        loop.markClosing(this);
    }

    private boolean ready() {
        for (Stage s : stages) if (!s.layer.ready()) return false;
        return true;
    }

    @Override
    public void discardPending() {
        if (out != null) release();
        headOffset = 0;
        pending = 0;
    }

    private void release() {
        loop.queues.recycle(out, peakChunks);
        out = null;
        chunks = 0;
        peakChunks = 0;
    }

    /** Pops {@code n} written bytes off the head of the queue. */
    private void consumed(int n) {
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

    /** The socket is readable: {@code buf[off, off + n)} was read into the loop's buffer, or n < 0 at EOF. */
    void readFromSocket(byte[] buf, int off, int n) throws IOException {
        heard = true;
        if (n > 0) {
            stages[0].layer.read(stages[0], buf, off, n);
        } else if (n < 0) {
            // A half-close (nc -q, shutdown(SHUT_WR)) may still read: the replies to its last lines are flushed
            // at the end of this turn, before the socket is closed.
            stages[0].layer.readEnd(stages[0]);
            readsPaused = true; // EOF stays readable: without this a lingering close would spin until its timer
            interest();
        }
    }

    /**
     * Writes as much of the queue as the stack and the kernel take, through the loop's one direct buffer, so
     * the kernel sees one write() for many queued lines. An empty queue still lets layers send what they hold.
     */
    void flush(ByteBuffer writeBuf) throws IOException {
        blocked = false;
        Stage top = stages[stages.length - 1];
        int taken;
        do {
            writeBuf.clear();
            if (out != null) {
                boolean first = true;
                for (byte[] chunk : out) {
                    int from = first ? headOffset : 0;
                    first = false;
                    int n = Math.min(chunk.length - from, writeBuf.remaining());
                    writeBuf.put(chunk, from, n);
                    if (!writeBuf.hasRemaining()) break;
                }
            }
            writeBuf.flip();
            int want = writeBuf.remaining();
            top.layer.write(top, writeBuf);
            taken = want - writeBuf.remaining();
            if (taken > 0) consumed(taken);
        } while (out != null && taken > 0 && !blocked);
        interest();
    }

    /** The bottom of every stack. */
    private void writeToSocket(ByteBuffer src) throws IOException {
        if (!src.hasRemaining()) return;
        channel.write(src);
        loop.countWrite();
        if (src.hasRemaining() && !blocked) {
            blocked = true;
            interest();
        }
    }

    /** OP_READ unless closing or paused; OP_WRITE only while the kernel holds back what this connection has. */
    private void interest() {
        if (key == null || !key.isValid()) return;
        int ops = (closing || readsPaused ? 0 : SelectionKey.OP_READ) | (blocked ? SelectionKey.OP_WRITE : 0);
        if (key.interestOps() != ops) key.interestOps(ops);
    }

    /** Before the socket closes: a last flush (ERROR ...) if the kernel takes it, then each layer's goodbye. */
    void lastWords(ByteBuffer writeBuf) {
        if (channel.isOpen()) {
            try {
                flush(writeBuf);
            } catch (IOException | RuntimeException ignored) {
                // the peer is gone; nothing more to say to it
            }
        }
        for (int i = stages.length - 1; i >= 0; i--) {
            try {
                stages[i].layer.close(stages[i]);
            } catch (RuntimeException ignored) {
                // best effort, as above
            }
        }
    }

    @Override
    public boolean line(byte[] buf, int off, int len) {
        if (closing || handler == null) return false;
        handler.onLine(buf, off, len);
        return !closing;
    }

    @Override
    public void lineTooLong() {
        if (!closing && handler != null) handler.onLineTooLong();
    }

    @Override
    public String toString() {
        return "#" + id + "@" + remote;
    }

    /** One layer's place in the stack: its {@link Layer.Context}, which knows its neighbours by index. */
    private final class Stage implements Layer.Context {
        final int index;
        final Layer layer;

        Stage(int index, Layer layer) {
            this.index = index;
            this.layer = layer;
        }

        @Override
        public void readUp(byte[] buf, int off, int len) throws IOException {
            if (index + 1 == stages.length) throw new IllegalStateException(layer + " is on top: it delivers lines()");
            Stage above = stages[index + 1];
            above.layer.read(above, buf, off, len);
        }

        @Override
        public void readEndUp() throws IOException {
            if (index + 1 < stages.length) stages[index + 1].layer.readEnd(stages[index + 1]);
            else if (!closing) Connection.this.close("Connection closed");
        }

        @Override
        public void writeDown(ByteBuffer src) throws IOException {
            if (index == 0) writeToSocket(src);
            else stages[index - 1].layer.write(stages[index - 1], src);
        }

        @Override public void send(byte[] bytes) { queue(bytes); }
        @Override public LineFramer.Sink lines() { return Connection.this; }
        @Override public Scheduler scheduler() { return loop; }
        @Override public void close(String reason) { Connection.this.close(reason); }
        @Override public void abort(String reason) { loop.closeNow(Connection.this, reason); }
        @Override public boolean isOpen() { return !closing; }
        @Override public boolean hasOutput() { return out != null; }
        @Override public long pendingBytes() { return pending; }
        @Override public String remoteAddress() { return remote; }

        @Override
        public void flush() {
            if (lingering && ready()) {
                loop.endLinger(Connection.this);
                Connection.this.close(closeReason);
            } else if (!closed) {
                markDirty();
            }
        }

        @Override
        public void holdProtocol() {
            protocolHeld = true;
        }

        @Override
        public void openProtocol() {
            if (handler == null && !closing) handler = loop.protocol().open(Connection.this);
        }

        @Override
        public void pauseReads(boolean paused) {
            readsPaused = paused;
            interest();
        }

        @Override
        public void execute(Layer.IoTask task) {
            loop.execute(() -> loop.guarded(Connection.this, task));
        }
    }
}
