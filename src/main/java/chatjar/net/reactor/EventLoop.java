package chatjar.net.reactor;

import chatjar.net.Layer;
import chatjar.net.Listener;
import chatjar.net.Protocol;
import chatjar.net.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reactor: one thread, one Selector, every socket. A turn of the loop is
 * <pre>
 *   select (or selectNow when work is waiting)
 *   → dispatch ready keys: accept, write (drain), read (up the connection's layers → lines → protocol)
 *   → run tasks handed in from other threads, then due timers
 *   → close connections marked closing (their last output is tried first)
 *   → flush every connection that got output this turn; arm OP_WRITE only where the kernel said no
 * </pre>
 * Flushing just before select is what coalesces writes: all lines a connection receives in one turn go out
 * in one write() call (Redis's handleClientsWithPendingWrites). Reads and the framer share one buffer owned
 * by the loop, so a connection only holds memory for the unfinished tail of its input. What lies between the
 * socket and the lines (TLS, ...) is each listener's {@link Layer} stack: the loop itself knows no protocol.
 */
public final class EventLoop implements Transport, Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    private static final int IO_BUFFER = 64 * 1024;
    /**
     * Connections whose close waits for a layer to become ready (Connection.close) are not counted by any
     * per-address limit, so both their number and their wait are capped.
     */
    static final int MAX_LINGERING = 64;
    static final long LINGER_MILLIS = 2_000;

    private final Selector selector;
    private final Protocol protocol;
    private final int maxLine;
    private final ByteBuffer readBuf = ByteBuffer.allocate(Layer.HEADROOM + IO_BUFFER);
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
    final QueuePool queues = new QueuePool();
    private long nextId;
    private long writeCalls;
    /** Nanoseconds spent blocked in select(): the loop's idle time, for the busy share /metrics reports. */
    private long selectNanos;
    /** Lines queued to connections (a broadcast counts once per recipient), for /metrics. */
    long sends;
    private int lingering;

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
        return listen(Listener.lines(address, maxLine));
    }

    @Override
    public InetSocketAddress listen(Listener listener) throws IOException {
        Acceptor acceptor = Acceptor.bind(listener);
        listeners.add(acceptor.server);
        if (thread == null) acceptor.server.register(selector, SelectionKey.OP_ACCEPT, acceptor);
        else execute(() -> {
            try {
                acceptor.server.register(selector, SelectionKey.OP_ACCEPT, acceptor);
            } catch (IOException e) {
                log.error("cannot register listener", e);
            }
        });
        return (InetSocketAddress) acceptor.server.getLocalAddress();
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

    /** Link.send calls so far (one per message queued to one connection): deliveries, for /metrics. */
    public long sends() {
        return sends;
    }

    /** Nanoseconds the loop spent waiting in select() so far; the rest of its wall-clock time it was busy. */
    public long selectNanos() {
        return selectNanos;
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
                selectNanos += nowNanos - before;
                coalescing.turn(nowNanos);
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
        if (att instanceof Acceptor a) {
            a.accept(this, protocol);
            return;
        }
        Connection c = (Connection) att;
        if (!key.isValid() || c.closed) return;
        guarded(c, () -> {
            if (key.isWritable()) flush(c);
            if (key.isValid() && key.isReadable() && !c.closing) read(c);
        });
    }

    /** Runs I/O for one connection; any failure closes that connection alone. */
    void guarded(Connection c, Layer.IoTask action) {
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
        if (e instanceof Layer.Failure) return m;
        if (m == null) return "Connection error";
        if (m.contains("reset")) return "Connection reset by peer";
        if (m.contains("Broken pipe")) return "Broken pipe";
        return "Read error: " + m;
    }

    private void read(Connection c) throws IOException {
        readBuf.clear().position(Layer.HEADROOM);
        int n = c.channel.read(readBuf);
        c.readFromSocket(readBuf.array(), Layer.HEADROOM, n);
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
            int lines = d.lines;
            d.lines = 0;
            long writesBefore = writeCalls;
            try { // not guarded(): no capturing lambda per flush on the hot path
                flush(d);
                if (d.heard) coalescing.flushed(lines, writeCalls - writesBefore);
            } catch (IOException e) {
                closeNow(d, ioReason(e));
            }
        }
        dirty.subList(kept, dirty.size()).clear();
    }

    void countWrite() { writeCalls++; }
    Protocol protocol() { return protocol; }
    long nextId() { return ++nextId; }

    SelectionKey register(SocketChannel ch, Connection c) throws IOException {
        return ch.register(selector, SelectionKey.OP_READ, c);
    }

    void markDirty(Connection c) {
        dirty.add(c);
    }

    long nowNanos() {
        return nowNanos;
    }

    void markClosing(Connection c) {
        closing.add(c);
    }

    private void flush(Connection c) throws IOException {
        c.flush(writeBuf);
    }

    /** True if {@code c} may wait for its layers before closing; it is closed after {@link #LINGER_MILLIS} if it still waits. */
    boolean startLinger(Connection c) {
        if (lingering >= MAX_LINGERING) return false;
        lingering++;
        schedule(LINGER_MILLIS, () -> {
            if (c.lingering) {
                endLinger(c);
                closeNow(c, c.closeReason);
            }
        });
        return true;
    }

    void endLinger(Connection c) {
        if (!c.lingering) return;
        c.lingering = false;
        lingering--;
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
        endLinger(c);
        c.lastWords(writeBuf);
        c.closed = true;
        c.key.cancel();
        closeQuietly(c.channel);
        c.discardPending();
        try {
            if (c.handler != null) c.handler.onClose(c.closeReason); // null: a layer held the protocol back
        } catch (RuntimeException e) {
            log.error("onClose failed for {}", c, e);
        }
    }

    static void closeQuietly(java.io.Closeable ch) {
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
    }
}
