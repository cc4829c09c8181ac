package chatjar.net.reactor;

import chatjar.net.Scheduler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS for one {@link Connection}, driven by the loop thread: ciphertext read from the socket is unwrapped
 * straight into the loop's read buffer and framed as usual; the plaintext queue is wrapped into the loop's
 * shared output buffer as it is flushed. Memory: besides the {@link SSLEngine} and its session, a connection
 * holds only the ciphertext the loop could not finish with (a partial record in, what the kernel refused
 * out), in arrays sized to it and dropped once used, so an idle TLS connection holds no I/O buffer.
 *
 * <p>Handshake computations (the engine's delegated tasks: key exchange, signatures) run on the loop's TLS
 * worker; meanwhile the connection neither reads nor writes, and the worker hands it back with
 * {@link EventLoop#execute}. A handshake that has not finished by its deadline closes the connection.
 */
final class TlsLayer {
    private final EventLoop loop;
    private final Connection c;
    private final SSLEngine engine;
    private final int packetSize;
    private byte[] netIn;
    private byte[] netOut;
    private int netOutOff;
    private boolean handshaking = true;
    private boolean taskRunning;
    private Scheduler.Cancellable deadline;

    TlsLayer(EventLoop loop, Connection c, SSLEngine engine) {
        this.loop = loop;
        this.c = c;
        this.engine = engine;
        this.packetSize = engine.getSession().getPacketBufferSize();
    }

    void startHandshake(long timeoutMillis) throws SSLException {
        engine.beginHandshake();
        deadline = loop.schedule(timeoutMillis, () -> {
            if (handshaking && !c.closed) loop.closeNow(c, "TLS handshake timed out");
        });
    }

    boolean handshaking() {
        return handshaking;
    }

    /** The socket is readable: read ciphertext, unwrap it into lines, answer the handshake if it asks. */
    void read() throws IOException {
        ByteBuffer net = loop.tls().in;
        net.clear();
        if (netIn != null) {
            net.put(netIn);
            netIn = null;
        }
        int n = c.channel.read(net);
        net.flip();
        unwrapAll(net);
        if (n < 0 && !c.closing) {
            c.framer.finish(c);
            c.close("Connection closed");
            c.key.interestOps(0);
            return;
        }
        flush();
    }

    /** Unwraps every complete record; keeps a partial one (or all, while a task runs) for later. */
    private void unwrapAll(ByteBuffer net) throws IOException {
        ByteBuffer app = loop.readBuffer();
        byte[] buf = app.array();
        try {
            while (!c.closing && !taskRunning) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    runTasks();
                    break;
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    if (!wrapAndWrite()) break;
                    continue;
                }
                if (!net.hasRemaining()) break;
                int held = c.framer.prefill(buf);
                app.clear().position(held);
                SSLEngineResult r = engine.unwrap(net, app);
                if (app.position() > 0) c.framer.feed(buf, 0, app.position(), c);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    c.close("Connection closed"); // close_notify from the peer
                    break;
                }
                finishedIf(r.getHandshakeStatus());
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) break; // a partial record
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    throw new SSLException("record larger than the read buffer");
                }
            }
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
        if (net.hasRemaining() && !c.closing) {
            netIn = new byte[net.remaining()];
            net.get(netIn);
        }
    }

    /**
     * Writes held ciphertext, then wraps handshake messages and (once the handshake is done) the plaintext
     * queue. OP_WRITE is armed only while the kernel holds back ciphertext; reads pause while a task runs.
     */
    void flush() throws IOException {
        if (taskRunning || c.closed) return;
        while (writeHeld()) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                return;
            }
            boolean appData = !handshaking && c.out != null;
            if (hs != HandshakeStatus.NEED_WRAP && !appData) break;
            if (!wrapAndWrite()) break;
        }
        interest();
    }

    private void interest() {
        if (!c.key.isValid()) return;
        int ops = taskRunning || c.closing ? 0 : SelectionKey.OP_READ;
        if (netOut != null && !taskRunning) ops |= SelectionKey.OP_WRITE;
        if (c.key.interestOps() != ops) c.key.interestOps(ops);
    }

    /** One batch: plaintext (up to the loop's buffer) wrapped into records, written. False if nothing moved. */
    private boolean wrapAndWrite() throws IOException {
        ByteBuffer src = loop.tls().plain;
        src.clear();
        if (!handshaking && c.out != null) {
            boolean first = true;
            for (byte[] chunk : c.out) {
                int from = first ? c.headOffset : 0;
                first = false;
                int n = Math.min(chunk.length - from, src.remaining());
                src.put(chunk, from, n);
                if (!src.hasRemaining()) break;
            }
        }
        src.flip();
        ByteBuffer dst = loop.tls().out;
        dst.clear();
        int consumed = 0;
        while (dst.remaining() >= packetSize) {
            SSLEngineResult r = engine.wrap(src, dst);
            consumed += r.bytesConsumed();
            finishedIf(r.getHandshakeStatus());
            if (r.getStatus() != SSLEngineResult.Status.OK) break;
            HandshakeStatus hs = r.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.NEED_UNWRAP) break;
            if (!src.hasRemaining() && hs != HandshakeStatus.NEED_WRAP) break;
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) break;
        }
        if (consumed > 0) c.consumed(consumed);
        dst.flip();
        boolean moved = consumed > 0 || dst.hasRemaining();
        write(dst);
        return moved;
    }

    /** Writes what the kernel takes; keeps the rest. */
    private void write(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) return;
        if (!writeHeld()) { // records must leave in order: queue behind what the kernel refused
            byte[] more = new byte[netOut.length - netOutOff + dst.remaining()];
            System.arraycopy(netOut, netOutOff, more, 0, netOut.length - netOutOff);
            dst.get(more, netOut.length - netOutOff, dst.remaining());
            netOut = more;
            netOutOff = 0;
            return;
        }
        c.channel.write(dst);
        loop.countWrite();
        if (dst.hasRemaining()) {
            netOut = new byte[dst.remaining()];
            netOutOff = 0;
            dst.get(netOut);
        }
    }

    /** True when no ciphertext is left waiting for the kernel. */
    private boolean writeHeld() throws IOException {
        if (netOut == null) return true;
        ByteBuffer b = ByteBuffer.wrap(netOut, netOutOff, netOut.length - netOutOff);
        c.channel.write(b);
        loop.countWrite();
        if (b.hasRemaining()) {
            netOutOff = b.position();
            return false;
        }
        netOut = null;
        return true;
    }

    private void finishedIf(HandshakeStatus hs) {
        if (!handshaking) return;
        if (hs == HandshakeStatus.FINISHED || hs == HandshakeStatus.NOT_HANDSHAKING) {
            handshaking = false;
            if (deadline != null) deadline.cancel();
            if (c.out != null && !c.dirty) { // output queued during the handshake can go now
                c.dirty = true;
                loop.markDirty(c);
            }
            if (c.lingering) { // a close that waited for the handshake: its last words go out, then the close
                loop.tls().endLinger(c);
                c.close(c.closeReason);
            }
        }
    }

    private void runTasks() {
        List<Runnable> tasks = new ArrayList<>(2);
        Runnable t;
        while ((t = engine.getDelegatedTask()) != null) tasks.add(t);
        taskRunning = true;
        interest();
        loop.tls().worker.execute(() -> {
            try {
                for (Runnable task : tasks) task.run();
            } finally {
                // A failed task surfaces as an SSLException from the next wrap or unwrap, on the loop.
                loop.execute(() -> loop.guarded(c, this::resume));
            }
        });
    }

    private void resume() throws IOException {
        taskRunning = false;
        if (c.closed) return;
        ByteBuffer net = loop.tls().in;
        net.clear();
        if (netIn != null) {
            net.put(netIn);
            netIn = null;
        }
        net.flip();
        unwrapAll(net);
        flush();
    }

    /** Best effort: tell the peer why (handshake failure alert) in one write, without waiting. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            ByteBuffer dst = loop.tls().out;
            dst.clear();
            engine.wrap(ByteBuffer.allocate(0), dst);
            dst.flip();
            if (dst.hasRemaining()) c.channel.write(dst);
        } catch (IOException | RuntimeException ignored) {
            // the connection is being closed for the original error anyway
        }
    }

    /** Before the socket closes: flush what is queued, then close_notify, all best effort. */
    void close() {
        if (deadline != null) deadline.cancel();
        if (c.channel.isOpen() && !taskRunning && !handshaking) {
            try {
                flush();
                if (netOut == null) sendAlert();
            } catch (IOException | RuntimeException ignored) {
                // the peer is gone; nothing more to say to it
            }
        }
        netIn = null;
        netOut = null;
    }
}
