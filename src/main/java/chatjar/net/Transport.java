package chatjar.net;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A way of carrying lines between sockets and a {@link Protocol}: the reactor, or threads for contrast. */
public interface Transport extends Scheduler, AutoCloseable {
    /** Binds a listener; throws with a readable message if the address is taken. */
    InetSocketAddress listen(InetSocketAddress address) throws IOException;

    /** Starts serving on its own thread(s). */
    void start();

    /** Stops accepting, runs {@code beforeClose} on the protocol thread, flushes, closes everything. */
    void shutdown(Runnable beforeClose, long timeoutMillis);

    @Override
    default void close() { shutdown(() -> {}, 2000); }
}
