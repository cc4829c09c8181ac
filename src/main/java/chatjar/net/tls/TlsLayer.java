package chatjar.net.tls;

import chatjar.net.Layer;
import chatjar.net.Scheduler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * TLS as a {@link Layer}: ciphertext from below is unwrapped into the listener's shared plaintext buffer and
 * handed up; output from above is wrapped into the shared record buffer and written below when the connection
 * flushes (at the end of the loop's turn, coalesced like any other). Memory: besides the {@link SSLEngine} and
 * its session, a connection holds only the ciphertext it could not finish with (a partial record in, what the
 * kernel refused out), in arrays sized to it and dropped once used, so an idle TLS connection holds no buffer.
 *
 * <p>Handshake computations (the engine's delegated tasks: key exchange, signatures) run on a worker;
 * meanwhile the connection neither reads nor writes, and the worker hands it back with
 * {@link Context#execute}. A handshake that has not finished by its deadline closes the connection. Handshake
 * messages are written as soon as the engine makes them; only application data waits for the flush.
 */
public final class TlsLayer implements Layer {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** TLS in a listener's stack: a fresh server-mode engine per connection, so a reloaded certificate applies to new ones. */
    public static Layer.Factory factory(Supplier<SSLEngine> engines, long handshakeTimeoutMillis) {
        return new Layer.Factory() {
            private TlsShared shared;

            @Override
            public Layer create() {
                SSLEngine engine = engines.get();
                if (shared == null) shared = new TlsShared(engine.getSession().getPacketBufferSize());
                return new TlsLayer(shared, engine, handshakeTimeoutMillis);
            }

            @Override
            public String toString() {
                return "tls";
            }
        };
    }

    private final TlsShared shared;
    private final SSLEngine engine;
    private final long handshakeTimeoutMillis;
    private final int packetSize;
    private byte[] netIn;
    private byte[] netOut;
    private int netOutOff;
    private boolean handshaking = true;
    private boolean taskRunning;
    private Scheduler.Cancellable deadline;

    private TlsLayer(TlsShared shared, SSLEngine engine, long handshakeTimeoutMillis) {
        this.shared = shared;
        this.engine = engine;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.packetSize = engine.getSession().getPacketBufferSize();
    }

    @Override
    public void open(Context ctx) throws IOException {
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            throw failure(e);
        }
        deadline = ctx.scheduler().schedule(handshakeTimeoutMillis, () -> {
            if (handshaking) ctx.abort("TLS handshake timed out");
        });
    }

    @Override public boolean ready() { return !handshaking; }
    @Override public boolean secure() { return true; }

    @Override
    public String peerCertificateFingerprint() {
        if (handshaking) return null;
        try {
            java.security.cert.Certificate[] chain = engine.getSession().getPeerCertificates();
            if (chain.length == 0) return null;
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null; // the client sent no certificate
        } catch (java.security.GeneralSecurityException e) {
            return null;
        }
    }

    /** Ciphertext arrived: unwrap it into lines for above, answer the handshake if it asks. */
    @Override
    public void read(Context ctx, byte[] buf, int off, int len) throws IOException {
        ByteBuffer net;
        if (netIn == null) {
            net = shared.view(buf, off, len);
        } else {
            net = shared.join(netIn, buf, off, len);
            netIn = null;
        }
        unwrapAll(ctx, net);
    }

    /** Unwraps every complete record; keeps a partial one (or all, while a task runs) for later. */
    private void unwrapAll(Context ctx, ByteBuffer net) throws IOException {
        ByteBuffer app = shared.app;
        try {
            while (ctx.isOpen() && !taskRunning) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    runTasks(ctx);
                    break;
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    if (!wrapAndWrite(ctx, EMPTY)) break;
                    continue;
                }
                if (!net.hasRemaining()) break;
                app.clear().position(HEADROOM);
                SSLEngineResult r = engine.unwrap(net, app);
                if (app.position() > HEADROOM) ctx.readUp(app.array(), HEADROOM, app.position() - HEADROOM);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    ctx.close("Connection closed"); // close_notify from the peer
                    break;
                }
                finishedIf(ctx, r.getHandshakeStatus());
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) break; // a partial record
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    throw new SSLException("record larger than the read buffer");
                }
            }
        } catch (SSLException e) {
            sendAlert(ctx);
            throw failure(e);
        }
        if (net.hasRemaining() && ctx.isOpen()) {
            netIn = new byte[net.remaining()];
            net.get(netIn);
        }
    }

    /**
     * Writes held ciphertext, then wraps handshake messages and (once the handshake is done) what {@code src}
     * holds. Takes nothing while a task runs or while the kernel still refuses earlier records.
     */
    @Override
    public void write(Context ctx, ByteBuffer src) throws IOException {
        if (taskRunning) return;
        try {
            while (writeHeld(ctx)) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    runTasks(ctx);
                    return;
                }
                boolean appData = !handshaking && src.hasRemaining();
                if (hs != HandshakeStatus.NEED_WRAP && !appData) break;
                if (!wrapAndWrite(ctx, handshaking ? EMPTY : src)) break;
            }
        } catch (SSLException e) {
            throw failure(e);
        }
    }

    /** One batch: {@code src} wrapped into records (as many as the shared buffer holds), written. False if nothing moved. */
    private boolean wrapAndWrite(Context ctx, ByteBuffer src) throws IOException {
        ByteBuffer dst = shared.out;
        dst.clear();
        int consumed = 0;
        while (dst.remaining() >= packetSize) {
            SSLEngineResult r = engine.wrap(src, dst);
            consumed += r.bytesConsumed();
            finishedIf(ctx, r.getHandshakeStatus());
            if (r.getStatus() != SSLEngineResult.Status.OK) break;
            HandshakeStatus hs = r.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.NEED_UNWRAP) break;
            if (!src.hasRemaining() && hs != HandshakeStatus.NEED_WRAP) break;
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) break;
        }
        dst.flip();
        boolean moved = consumed > 0 || dst.hasRemaining();
        writeRecords(ctx, dst);
        return moved;
    }

    /** Writes what below takes; keeps the rest, behind anything kept before (records must leave in order). */
    private void writeRecords(Context ctx, ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) return;
        if (netOut != null) {
            byte[] more = new byte[netOut.length - netOutOff + dst.remaining()];
            System.arraycopy(netOut, netOutOff, more, 0, netOut.length - netOutOff);
            dst.get(more, netOut.length - netOutOff, dst.remaining());
            netOut = more;
            netOutOff = 0;
            return;
        }
        ctx.writeDown(dst);
        if (dst.hasRemaining()) {
            netOut = new byte[dst.remaining()];
            netOutOff = 0;
            dst.get(netOut);
        }
    }

    /** True when no ciphertext is left waiting for the kernel. */
    private boolean writeHeld(Context ctx) throws IOException {
        if (netOut == null) return true;
        ByteBuffer b = ByteBuffer.wrap(netOut, netOutOff, netOut.length - netOutOff);
        ctx.writeDown(b);
        if (b.hasRemaining()) {
            netOutOff = b.position();
            return false;
        }
        netOut = null;
        return true;
    }

    private void finishedIf(Context ctx, HandshakeStatus hs) {
        if (!handshaking) return;
        if (hs == HandshakeStatus.FINISHED || hs == HandshakeStatus.NOT_HANDSHAKING) {
            handshaking = false;
            if (deadline != null) deadline.cancel();
            ctx.flush(); // output queued during the handshake can go now, and a close waiting for it can finish
        }
    }

    private void runTasks(Context ctx) {
        List<Runnable> tasks = new ArrayList<>(2);
        Runnable t;
        while ((t = engine.getDelegatedTask()) != null) tasks.add(t);
        taskRunning = true;
        ctx.pauseReads(true);
        TlsShared.WORKER.execute(() -> {
            try {
                for (Runnable task : tasks) task.run();
            } finally {
                // A failed task surfaces as an SSLException from the next wrap or unwrap, on the loop.
                ctx.execute(() -> resume(ctx));
            }
        });
    }

    private void resume(Context ctx) throws IOException {
        taskRunning = false;
        ctx.pauseReads(false);
        if (netIn != null) {
            ByteBuffer net = shared.join(netIn, netIn, 0, 0);
            netIn = null;
            unwrapAll(ctx, net);
        }
        write(ctx, EMPTY); // the handshake's next flight now; application data at the end of the turn
        if (!handshaking && ctx.hasOutput()) ctx.flush();
    }

    /** Best effort: tell the peer why (an alert, or close_notify) in one write, without waiting. */
    private void sendAlert(Context ctx) {
        try {
            engine.closeOutbound();
            ByteBuffer dst = shared.out;
            dst.clear();
            engine.wrap(EMPTY, dst);
            dst.flip();
            ctx.writeDown(dst);
        } catch (IOException | RuntimeException ignored) {
            // the connection is being closed for the original error anyway
        }
    }

    /** After the connection's last flush: close_notify if the handshake is done and nothing is held back. */
    @Override
    public void close(Context ctx) {
        if (deadline != null) deadline.cancel();
        if (!taskRunning && !handshaking && netOut == null) sendAlert(ctx);
        netIn = null;
        netOut = null;
    }

    private static IOException failure(SSLException e) {
        String m = e.getMessage();
        return new Failure("TLS error: " + (m == null ? "handshake failed" : m), e);
    }
}
