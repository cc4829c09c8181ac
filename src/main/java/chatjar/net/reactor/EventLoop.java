package chatjar.net.reactor;

import chatjar.net.Protocol;
import chatjar.net.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reactor: one thread, one Selector, every socket. A turn of the loop is
 * <pre>
 *   select (or selectNow when work is waiting)
 *   → dispatch ready keys: accept, write (drain), read (frame lines → protocol)
 *   → run tasks handed in from other threads, then due timers
 *   → close connections marked closing (their last output is tried first)
 *   → flush every connection that got output this turn; arm OP_WRITE only where the kernel said no
 * </pre>
 * Flushing just before select is what coalesces writes: all lines a connection receives in one turn go out
 * in one write() call (Redis's handleClientsWithPendingWrites). Reads and the framer share one buffer owned
 * by the loop, so a connection only holds memory for the unfinished tail of its input.
 */
public final class EventLoop implements Transport, Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    private static final int IO_BUFFER = 64 * 1024;
    private static final int ACCEPTS_PER_TURN = 256;

    private final Selector selector;
    private final Protocol protocol;
    private final int maxLine;
    private final ByteBuffer readBuf = ByteBuffer.allocate(IO_BUFFER);
    private final ByteBuffer writeBuf = ByteBuffer.allocateDirect(IO_BUFFER);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Timers timers = new Timers();
    private final List<Connection> dirty = new ArrayList<>();
    private final ArrayDeque<Connection> closing = new ArrayDeque<>();
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;
    private volatile boolean running = true;
    private volatile boolean crashed;
    private long now = millis();
    private long nowNanos = System.nanoTime();
    private final Coalescing coalescing = new Coalescing();
    /** Link.send calls so far: the load signal for coalescing. */
    long sends;
    /** Emptied queues kept for reuse, so a busy connection does not allocate one per flush. */
    private final ArrayDeque<ArrayDeque<byte[]>> queuePool = new ArrayDeque<>();
    private static final int QUEUE_POOL = 1024;
    private long nextId;
    private long writeCalls;
    /** TLS only: created with the first TLS listener. */
    private TlsShared tls;

    public EventLoop(Protocol protocol, int maxLine) throws IOException {
        this.selector = Selector.open();
        this.protocol = protocol;
        this.maxLine = maxLine;
    }

    private static long millis() {
        return System.nanoTime() / 1_000_000L;
    }

    @Override
    public InetSocketAddress listen(InetSocketAddress address) throws IOException {
        return listen(address, null);
    }

    /**
     * A TLS listener: every accepted connection gets a fresh server-mode engine from {@code engines} (so a
     * reloaded certificate applies to new connections) and must finish its handshake within the timeout.
     */
    public InetSocketAddress listenTls(InetSocketAddress address, Supplier<SSLEngine> engines, long handshakeTimeoutMillis)
            throws IOException {
        if (tls == null) tls = new TlsShared(IO_BUFFER, engines.get().getSession().getPacketBufferSize());
        return listen(address, new TlsAcceptor(engines, handshakeTimeoutMillis));
    }

    private InetSocketAddress listen(InetSocketAddress address, TlsAcceptor tls) throws IOException {
        // An IPv4 address gets an IPv4 socket, so it is not a v4-mapped IPv6 one (clearer in ss/netstat).
        ServerSocketChannel server = address.getAddress() instanceof java.net.Inet4Address
                ? ServerSocketChannel.open(java.net.StandardProtocolFamily.INET) : ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 1024);
        } catch (BindException e) {
            server.close();
            throw new BindException("cannot listen on " + address.getHostString() + ":" + address.getPort()
                    + ": " + (e.getMessage() == null ? "address already in use" : e.getMessage().toLowerCase()));
        }
        server.configureBlocking(false);
        listeners.add(server);
        if (thread == null) server.register(selector, SelectionKey.OP_ACCEPT, tls);
        else execute(() -> register(server, tls));
        return (InetSocketAddress) server.getLocalAddress();
    }

    private record TlsAcceptor(Supplier<SSLEngine> engines, long handshakeTimeoutMillis) { }

    private void register(ServerSocketChannel server, TlsAcceptor tls) {
        try {
            server.register(selector, SelectionKey.OP_ACCEPT, tls);
        } catch (IOException e) {
            log.error("cannot register listener", e);
        }
    }

    @Override
    public void start() {
        thread = new Thread(this, "reactor");
        thread.start();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    // ---- Scheduler ----

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) selector.wakeup();
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        Timers.Timer t = timers.create(task);
        Runnable add = () -> timers.arm(t, now + delayMillis);
        if (inLoop() || thread == null) add.run();
        else execute(add);
        return t;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    /** write() system calls made so far; the benchmarks read it to show coalescing at work. */
    public long writeCalls() {
        return writeCalls;
    }

    // ---- the loop ----

    @Override
    public void run() {
        try {
            while (running) {
                long timeout = timeoutMillis();
                wakeupPending.set(false);
                long before = System.nanoTime();
                if (timeout == 0) selector.selectNow();
                else selector.select(timeout);
                nowNanos = System.nanoTime();
                now = nowNanos / 1_000_000L;
                coalescing.turn(nowNanos, nowNanos - before, sends);
                for (SelectionKey key : selector.selectedKeys()) dispatch(key);
                selector.selectedKeys().clear();
                runTasks();
                runTimers();
                endOfTurn();
            }
        } catch (IOException | ClosedSelectorException e) {
            log.error("reactor stopped: {}", e.toString());
        } catch (Error e) {
            log.error("reactor stopped by a fatal error", e);
            throw e;
        } finally {
            crashed = running;
            closeAll();
            stopped.countDown();
        }
    }

    /** Blocks until the loop has ended; true if it ended without being asked to (a fatal error). */
    public boolean awaitTermination() throws InterruptedException {
        stopped.await();
        return crashed;
    }

    private long timeoutMillis() {
        if (!tasks.isEmpty() || !closing.isEmpty()) return 0;
        if (!dirty.isEmpty()) return 1; // only connections coalescing: wake within their budget
        return timers.waitMillis(millis(), 1000);
    }

    private void dispatch(SelectionKey key) {
        Object att = key.attachment();
        if (!(att instanceof Connection c)) {
            accept((ServerSocketChannel) key.channel(), (TlsAcceptor) att);
            return;
        }
        if (!key.isValid() || c.closed) return;
        guarded(c, () -> {
            if (key.isWritable()) flush(c);
            if (key.isValid() && key.isReadable() && !c.closing) read(c);
        });
    }

    interface IoAction {
        void run() throws IOException;
    }

    /** Runs I/O for one connection; any failure closes that connection alone. */
    void guarded(Connection c, IoAction action) {
        if (c.closed) return;
        try {
            action.run();
        } catch (IOException e) {
            closeNow(c, ioReason(e));
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            // One connection's failure must not stop the loop: log it once with the peer, close only it.
            // Only VirtualMachineErrors (out of memory) are left to end the loop: nothing sane follows them.
            log.error("closing {} after an error in its handling", c, e);
            closeNow(c, "Internal error");
        }
    }

    private static String ioReason(IOException e) {
        String m = e.getMessage();
        if (e instanceof SSLException) return "TLS error: " + (m == null ? "handshake failed" : m);
        if (m == null) return "Connection error";
        if (m.contains("reset")) return "Connection reset by peer";
        if (m.contains("Broken pipe")) return "Broken pipe";
        return "Read error: " + m;
    }

    private void accept(ServerSocketChannel server, TlsAcceptor tls) {
        for (int i = 0; i < ACCEPTS_PER_TURN; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                // EMFILE and friends: log and try again next turn rather than spin on this one.
                log.warn("accept failed: {}", e.getMessage());
                return;
            }
            if (ch == null) return;
            Connection c = null;
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetSocketAddress peer = (InetSocketAddress) ch.getRemoteAddress();
                c = new Connection(this, ch, ++nextId, peer.getAddress().getHostAddress(), maxLine);
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                if (tls != null) {
                    c.tls = new TlsLayer(this, c, tls.engines().get());
                    c.tls.startHandshake(tls.handshakeTimeoutMillis());
                }
                c.handler = protocol.open(c);
            } catch (IOException | RuntimeException e) {
                log.warn("dropping a new connection: {}", e.toString());
                if (c != null && c.handler != null) closeNow(c, "Internal error");
                else closeQuietly(ch);
            }
        }
    }

    private void read(Connection c) throws IOException {
        c.heard = true;
        if (c.tls != null) {
            c.tls.read();
            return;
        }
        byte[] buf = readBuf.array();
        int held = c.framer.prefill(buf);
        readBuf.clear().position(held);
        int n = c.channel.read(readBuf);
        if (n < 0) {
            c.framer.feed(buf, 0, held, c);
            c.framer.finish(c);
            // A half-close (nc -q, shutdown(SHUT_WR)) may still read: the replies to its last lines are
            // flushed at the end of this turn, before the socket is closed.
            c.close("Connection closed");
            c.key.interestOps(0);
            return;
        }
        c.framer.feed(buf, 0, readBuf.position(), c);
    }

    private void runTasks() {
        for (int i = tasks.size(); i > 0; i--) { // only those present now: a task that enqueues must not starve I/O
            Runnable task = tasks.poll();
            if (task == null) break;
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("task failed", e);
            }
        }
    }

    private void runTimers() {
        timers.runDue(now);
    }

    private void endOfTurn() {
        // Closing may produce output for others (QUIT to channel peers), so close first, then flush.
        Connection c;
        while ((c = closing.poll()) != null) finishClose(c);
        int kept = 0;
        for (int i = 0; i < dirty.size(); i++) { // flushing may close, and closing may dirty more: size() moves
            Connection d = dirty.get(i);
            if (!d.closed && coalescing.mayWait(d, nowNanos)) {
                dirty.set(kept++, d);
                continue;
            }
            d.dirty = false;
            if (d.closed) continue;
            try {
                flush(d);
            } catch (IOException e) {
                closeNow(d, ioReason(e));
            }
        }
        dirty.subList(kept, dirty.size()).clear();
    }

    ByteBuffer readBuffer() { return readBuf; }
    TlsShared tls() { return tls; }
    void countWrite() { writeCalls++; }

    void markDirty(Connection c) {
        dirty.add(c);
    }

    long nowNanos() {
        return nowNanos;
    }

    ArrayDeque<byte[]> takeQueue() {
        ArrayDeque<byte[]> q = queuePool.pollFirst();
        return q != null ? q : new ArrayDeque<>(8);
    }

    /** Only small queues come back: one grown by a slow reader would pin its big array in the pool. */
    void recycle(ArrayDeque<byte[]> q, int peakChunks) {
        q.clear();
        if (peakChunks <= 32 && queuePool.size() < QUEUE_POOL) queuePool.addFirst(q);
    }

    void markClosing(Connection c) {
        closing.add(c);
    }

    /**
     * Writes as much of the queue as the kernel takes, through the loop's one direct buffer so the kernel
     * sees one write() for many queued lines. OP_WRITE stays armed only while bytes remain.
     */
    private void flush(Connection c) throws IOException {
        if (c.tls != null) {
            c.tls.flush();
            return;
        }
        while (c.out != null) {
            writeBuf.clear();
            boolean first = true;
            for (byte[] chunk : c.out) {
                int from = first ? c.headOffset : 0;
                first = false;
                int n = Math.min(chunk.length - from, writeBuf.remaining());
                writeBuf.put(chunk, from, n);
                if (!writeBuf.hasRemaining()) break;
            }
            writeBuf.flip();
            int want = writeBuf.remaining();
            int n = c.channel.write(writeBuf);
            writeCalls++;
            if (n > 0) c.consumed(n);
            if (n < want) break;
        }
        int ops = c.out == null ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
        if (c.key.isValid() && c.key.interestOps() != ops) c.key.interestOps(ops);
    }

    void closeNow(Connection c, String reason) {
        if (c.closed) return;
        if (!c.closing) {
            c.closing = true;
            c.closeReason = reason;
            c.discardPending();
        }
        finishClose(c);
    }

    private void finishClose(Connection c) {
        if (c.closed) return;
        if (tls != null) tls.endLinger(c);
        try {
            if (c.tls != null) c.tls.close();
            else if (c.out != null && c.channel.isOpen()) flush(c); // last words (ERROR ...) if the kernel takes them
        } catch (IOException ignored) {
            // the peer is gone; nothing more to say to it
        }
        c.closed = true;
        c.key.cancel();
        closeQuietly(c.channel);
        c.discardPending();
        try {
            c.handler.onClose(c.closeReason);
        } catch (RuntimeException e) {
            log.error("onClose failed for {}", c, e);
        }
    }

    private static void closeQuietly(java.io.Closeable ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a socket can only fail in ways we cannot act on
        }
    }

    @Override
    public void shutdown(Runnable beforeClose, long timeoutMillis) {
        if (thread == null) {
            closeAll();
            return;
        }
        execute(() -> {
            for (ServerSocketChannel s : listeners) closeQuietly(s);
            try {
                beforeClose.run();
            } finally {
                for (SelectionKey k : selector.keys()) {
                    if (k.attachment() instanceof Connection c) c.close("Server shutting down");
                }
                endOfTurn();
                running = false;
            }
        });
        try {
            if (!inLoop() && !stopped.await(timeoutMillis, TimeUnit.MILLISECONDS)) log.warn("reactor did not stop in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeAll() {
        for (ServerSocketChannel s : listeners) closeQuietly(s);
        try {
            for (SelectionKey k : selector.keys()) {
                if (k.attachment() instanceof Connection c && !c.closed) {
                    c.closing = true;
                    if (c.closeReason == null) c.closeReason = "Server shutting down";
                    finishClose(c);
                }
            }
            selector.close();
        } catch (IOException | ClosedSelectorException ignored) {
            // already closed
        }
        if (tls != null) tls.worker.shutdownNow();
    }
}
