package chatjar.net.blocking;

import chatjar.net.LineFramer;
import chatjar.net.Listener;
import chatjar.net.Protocol;
import chatjar.net.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Apache model, for contrast with the reactor: every socket gets a blocking reader thread, and a writer
 * thread while it has output. The protocol core is single-threaded by design, so "the protocol thread" is
 * whoever holds {@link #protocolLock}: every protocol call (lines, opens, closes, tasks, timers) runs under
 * it. Each connection has its own outbound queue and writer, so a client that stops reading blocks only its
 * own writer, never the lock holder; its sendq still drops it. Threads are platform threads, or virtual
 * threads on Java 21+ ({@link #virtualThreads()}).
 */
public final class ThreadPerConnectionTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(ThreadPerConnectionTransport.class);

    final Protocol protocol;
    final int maxLine;
    final ThreadFactory threads;
    final ReentrantLock protocolLock = new ReentrantLock();
    final Set<BlockingConnection> connections = ConcurrentHashMap.newKeySet();
    /** Each listening socket with the line limit of its listener. */
    private final Map<ServerSocket, Integer> listeners = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean started;
    private volatile boolean stopping;

    public ThreadPerConnectionTransport(Protocol protocol, int maxLine, ThreadFactory threads) {
        this.protocol = protocol;
        this.maxLine = maxLine;
        this.threads = threads;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "protocol-timers");
            t.setDaemon(true);
            return t;
        });
    }

    /** Platform threads, one per socket (plus a writer while output is pending). */
    public static ThreadFactory platformThreads() {
        return r -> {
            Thread t = new Thread(null, r, "conn", 256 * 1024);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Virtual threads, reached by reflection so the jar still runs on Java 17.
     *
     * @throws UnsupportedOperationException on a JVM older than 21
     */
    public static ThreadFactory virtualThreads() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, "vconn-", 0L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("--io virtual needs Java 21 or newer (this is Java "
                    + Runtime.version().feature() + ")");
        }
    }

    @Override
    public InetSocketAddress listen(InetSocketAddress address) throws IOException {
        return listen(Listener.lines(address, maxLine));
    }

    /** Plain lines only: TLS and other layers need the reactor's I/O thread (their state is not thread-safe). */
    @Override
    public InetSocketAddress listen(Listener listener) throws IOException {
        if (!listener.plainLines()) {
            throw new IOException("only the reactor serves " + listener.layers() + " on " + listener.address() + "; this transport serves plain lines");
        }
        int lineLimit = ((LineFramer.Factory) listener.layers().get(0)).maxLine();
        InetSocketAddress address = listener.address();
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(address, 1024);
        } catch (BindException e) {
            ss.close();
            throw new BindException("cannot listen on " + address.getHostString() + ":" + address.getPort()
                    + ": " + (e.getMessage() == null ? "address already in use" : e.getMessage().toLowerCase()));
        }
        listeners.put(ss, lineLimit);
        if (started) startAcceptor(ss, lineLimit);
        return (InetSocketAddress) ss.getLocalSocketAddress();
    }

    @Override
    public void start() {
        started = true;
        listeners.forEach(this::startAcceptor);
    }

    private void startAcceptor(ServerSocket ss, int lineLimit) {
        Thread t = new Thread(() -> acceptLoop(ss, lineLimit), "acceptor");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop(ServerSocket ss, int lineLimit) {
        while (!stopping && !ss.isClosed()) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (!ss.isClosed()) log.warn("accept failed: {}", e.getMessage());
                continue;
            }
            try {
                s.setTcpNoDelay(true);
                BlockingConnection c = new BlockingConnection(this, s, ids.incrementAndGet(), lineLimit);
                connections.add(c);
                threads.newThread(c::readLoop).start();
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                // Out of threads is how this model falls over: say so, drop this one socket, keep accepting.
                log.warn("dropping a new connection: {}", e.toString());
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing more to do for it
                }
            }
        }
    }

    /** Runs protocol code as "the protocol thread": under the one lock, failures logged, never propagated. */
    void locked(Runnable r) {
        protocolLock.lock();
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("protocol task failed", e);
        } finally {
            protocolLock.unlock();
        }
    }

    @Override
    public void execute(Runnable task) {
        timers.execute(() -> locked(task)); // "soon, not now", even when called from protocol code
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        ScheduledFuture<?> f = timers.schedule(() -> locked(task), delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public long nowMillis() {
        return System.nanoTime() / 1_000_000L;
    }

    @Override
    public void shutdown(Runnable beforeClose, long timeoutMillis) {
        stopping = true;
        for (ServerSocket ss : listeners.keySet()) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        locked(() -> {
            try {
                beforeClose.run();
            } finally {
                for (BlockingConnection c : connections) c.close("Server shutting down");
            }
        });
        long limit = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!connections.isEmpty() && System.nanoTime() < limit) {
            try {
                Thread.sleep(10); // shutdown only: waiting for writers to drain their last words
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (BlockingConnection c : connections) c.abort();
        timers.shutdownNow();
    }
}
