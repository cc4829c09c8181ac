package chatjar.net;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One stage of a connection's byte stream, between the socket below and the protocol above: TLS, later
 * WebSocket or HTTP, and on top the {@link LineFramer} that hands lines to the {@link LinkHandler}. A
 * connection is a stack of layers made per connection from its {@link Listener}'s factories; each layer has
 * one read-side call ({@link #read}, bytes going up) and one write-side call ({@link #write}, bytes going down)
 * and talks to its neighbours only through its {@link Context} (Netty's pipeline, kept to what a chat needs).
 *
 * <p>All calls come from the transport's I/O thread (the reactor thread), one connection at a time, so a layer
 * needs no locks; blocking work goes to a worker and comes back with {@link Context#execute}.
 */
public interface Layer {
    /**
     * Free space a read is handed up with: {@code buf[0, off)} is at least this long and the receiver may
     * overwrite it, so a layer can put what it kept from the last read in front of the new bytes without
     * copying them (the framer's unfinished line, for one).
     */
    int HEADROOM = 16 * 1024;

    /**
     * Read side: {@code buf[off, off + len)} arrived from below, {@code len > 0}. Pass what is for the layer
     * above to {@link Context#readUp} (or, on top, lines to {@link Context#lines}); keep what is unfinished.
     * The bytes are only valid during the call.
     */
    void read(Context ctx, byte[] buf, int off, int len) throws IOException;

    /**
     * Write side, called when the connection flushes: {@code src} holds output from above (the connection's
     * queue, possibly empty). Take what you can, pass its encoding on with {@link Context#writeDown}, and leave
     * the rest in {@code src}: it is offered again on the next flush. A layer holding bytes of its own (TLS
     * records the kernel refused) sends them first, and takes nothing new until they are gone.
     */
    void write(Context ctx, ByteBuffer src) throws IOException;

    /** The connection was accepted: start what must start before any byte moves (a TLS handshake's timer). */
    default void open(Context ctx) throws IOException { }

    /** The stream from below ended. The default passes the end up; on top, the connection closes. */
    default void readEnd(Context ctx) throws IOException {
        ctx.readEndUp();
    }

    /**
     * False while the layer cannot carry output yet (a TLS handshake under way): a close then waits, briefly
     * and for a bounded number of connections, until the layer calls {@link Context#flush}, so that last words
     * (the ERROR refusing a connection) are not lost.
     */
    default boolean ready() {
        return true;
    }

    /**
     * The connection is closing, after its last flush: say goodbye below if the layer has a way to (a TLS
     * close_notify), best effort, and release timers. Called once.
     */
    default void close(Context ctx) { }

    /** True if the layer encrypts; {@link Link#isSecure} is true when any layer is. */
    default boolean secure() {
        return false;
    }

    /** The client certificate's SHA-256 fingerprint (lowercase hex) if this layer authenticated one, else null. */
    default String peerCertificateFingerprint() {
        return null;
    }

    /**
     * A layer that frames each message the protocol sends (WebSocket: one frame per line), at {@link Link#send},
     * before it is queued, top layer first; the sendq then counts framed bytes. The same array is often sent to
     * many connections (one serialisation per broadcast): an encoder that caches by identity frames it once.
     */
    interface MessageEncoder {
        byte[] encode(byte[] message);
    }

    /** Makes a connection's instance of one layer; a listener's stack is a list of these, socket side first. */
    interface Factory {
        Layer create();
    }

    /** Work handed back to the I/O thread; an exception closes the connection. */
    interface IoTask {
        void run() throws IOException;
    }

    /**
     * A layer's own failure: the message is the close reason as users see it ({@code TLS error: ...}), where
     * other IOExceptions are reported as read errors.
     */
    final class Failure extends IOException {
        public Failure(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** What a layer sees of its connection: its neighbours, and the transport's services for it. */
    interface Context {
        /** Hands bytes to the layer above, with the {@link #HEADROOM} rule kept (a slice of buf keeps it). */
        void readUp(byte[] buf, int off, int len) throws IOException;

        /** The stream ended for the layer above. */
        void readEndUp() throws IOException;

        /** Hands bytes to the layer below, or the socket; takes what it can, like a channel write. */
        void writeDown(ByteBuffer src) throws IOException;

        /**
         * Queues the layer's own bytes (an HTTP response, a WebSocket control frame) on the connection's queue as
         * they are: no {@link MessageEncoder} sees them, the sendq counts them, and they pass down in order with
         * the protocol's output, so they never land inside a frame of it. Not copied; a no-op once closing.
         */
        void send(byte[] bytes);

        /** Where the top layer delivers lines; false from {@code line} means stop (the connection is closing). */
        LineFramer.Sink lines();

        /**
         * Asks for a flush at the end of this turn: output waiting for the layer (queued during a handshake, or
         * the layer's own) can move now. Also finishes a close that was waiting for {@link #ready}.
         */
        void flush();

        /** Stops (or resumes) reading the socket, e.g. while a worker computes a handshake step. */
        void pauseReads(boolean paused);

        /** From any thread: runs the task on the I/O thread, unless the connection has closed meanwhile. */
        void execute(IoTask task);

        /** The peer's IP address as text, as {@link Link#remoteAddress}. */
        String remoteAddress();

        /** Timers and the clock of the I/O thread. */
        Scheduler scheduler();

        /** Closes after a last flush, as {@link Link#close} does. */
        void close(String reason);

        /** Closes at once, dropping queued output (a deadline passed, the peer broke the protocol). */
        void abort(String reason);

        /** False once a close was asked for. */
        boolean isOpen();

        /** True while the connection's queue holds output. */
        boolean hasOutput();

        /** Bytes queued and not yet taken by the socket, as {@link Link#pendingBytes}. */
        long pendingBytes();

        /**
         * Called from {@link #open}: the protocol does not see this connection until {@link #openProtocol}
         * (an HTTP request that may never become a chat session). A connection closed before that is never
         * reported to the protocol.
         */
        void holdProtocol();

        /** Hands a held connection to the protocol now (after a WebSocket upgrade); no-op if already open. */
        void openProtocol();
    }
}
