package chatjar.net.reactor;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What every TLS connection on one loop shares, created with the loop's first TLS listener: the worker that
 * runs handshake computations off the loop, the buffers records are unwrapped and wrapped in (one set for the
 * whole loop, as for plain reads and writes), and the cap on refused connections waiting for their handshake.
 * Loop thread only, apart from the worker itself.
 */
final class TlsShared {
    /**
     * Refused TLS connections may wait for their handshake so the refusal can be read (Connection.close); they
     * are not counted by any per-address limit, so both their number and their wait are capped.
     */
    static final int MAX_LINGERING = 64;
    static final long LINGER_MILLIS = 2_000;

    final ExecutorService worker;
    final ByteBuffer in;
    final ByteBuffer plain;
    final ByteBuffer out;
    private int lingering;

    TlsShared(int ioBuffer, int packet) {
        in = ByteBuffer.allocate(ioBuffer + 2 * packet);
        plain = ByteBuffer.allocateDirect(ioBuffer);
        out = ByteBuffer.allocateDirect(ioBuffer + 8 * packet);
        worker = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), r -> {
            Thread t = new Thread(r, "tls-handshake");
            t.setDaemon(true);
            return t;
        });
    }

    /** True if {@code c} may linger; the loop closes it after {@link #LINGER_MILLIS} if it still is. */
    boolean startLinger(EventLoop loop, Connection c) {
        if (lingering >= MAX_LINGERING) return false;
        lingering++;
        loop.schedule(LINGER_MILLIS, () -> {
            if (c.lingering) {
                endLinger(c);
                loop.closeNow(c, c.closeReason);
            }
        });
        return true;
    }

    void endLinger(Connection c) {
        if (!c.lingering) return;
        c.lingering = false;
        lingering--;
    }
}
