package chatjar.net.tls;

import chatjar.net.Layer;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the TLS connections of one listener share: the buffers records are unwrapped and wrapped in (one set
 * per listener, as the loop has one read and one write buffer for all), used on the I/O thread only; and the
 * worker, shared by the whole process, that runs handshake computations off the loop.
 */
final class TlsShared {
    private static final int IO_BUFFER = 64 * 1024;

    /**
     * Handshake steps (key exchange, signatures) for every TLS connection. Its threads end when idle, so
     * nothing needs shutting down with the loop; a task queued behind others only delays its own handshake.
     */
    static final ExecutorService WORKER = worker();

    /** Ciphertext carried over from an earlier read (a partial record) joined with the new bytes. */
    ByteBuffer in;
    /** Plaintext unwrapped for the layer above, after {@link Layer#HEADROOM} left free for it. */
    final ByteBuffer app = ByteBuffer.allocate(Layer.HEADROOM + IO_BUFFER);
    /** Records wrapped for the socket. */
    final ByteBuffer out;
    private ByteBuffer wrapped = ByteBuffer.allocate(0);

    TlsShared(int packet) {
        in = ByteBuffer.allocate(IO_BUFFER + 2 * packet);
        out = ByteBuffer.allocateDirect(IO_BUFFER + 8 * packet);
    }

    /** {@code buf[off, off + len)} as a buffer, without allocating while the loop reads into the same array. */
    ByteBuffer view(byte[] buf, int off, int len) {
        if (wrapped.array() != buf) wrapped = ByteBuffer.wrap(buf);
        wrapped.clear().limit(off + len).position(off);
        return wrapped;
    }

    /** {@code held} then {@code buf[off, off + len)} in one buffer, grown if a transport reads more at once. */
    ByteBuffer join(byte[] held, byte[] buf, int off, int len) {
        if (in.capacity() < held.length + len) in = ByteBuffer.allocate(held.length + len);
        in.clear();
        in.put(held).put(buf, off, len).flip();
        return in;
    }

    private static ExecutorService worker() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "tls-handshake");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
