package chatjar.net;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A way of carrying lines between sockets and a {@link Protocol}: the reactor, or threads for contrast. */
public interface Transport extends Scheduler, AutoCloseable {
    /**
     * Binds a listener whose connections get its layer stack; throws with a readable message if the address
     * is taken, or if this transport cannot serve the stack (only the reactor serves layers beyond lines).
     */
    InetSocketAddress listen(Listener listener) throws IOException;

    /** Binds a plain listener: lines framed with the transport's own limit. */
    InetSocketAddress listen(InetSocketAddress address) throws IOException;

    /** Starts serving on its own thread(s). */
    void start();

    /** Stops accepting, runs {@code beforeClose} on the protocol thread, flushes, closes everything. */
    void shutdown(Runnable beforeClose, long timeoutMillis);

    @Override
    default void close() { shutdown(() -> {}, 2000); }
}
