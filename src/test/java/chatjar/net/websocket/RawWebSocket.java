package chatjar.net.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client written frame by frame over a plain socket, for what a well-behaved client (the JDK's)
 * will not do: unmasked, oversized or byte-by-byte frames, never reading. A reader thread (unless told not
 * to read) parses the server's frames into a queue.
 */
final class RawWebSocket implements AutoCloseable {
    final Socket socket;
    final OutputStream out;
    final String handshake;
    private final BlockingQueue<Frames.ServerFrame> frames = new LinkedBlockingQueue<>();
    private volatile boolean eof;

    /** Connects and upgrades; {@code receiveBuffer} > 0 shrinks the TCP window (set before connecting). */
    RawWebSocket(int port, int receiveBuffer, boolean read) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        out.write(WebConnectionTest.UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) head.write(in.readUnsignedByte());
        handshake = head.toString(StandardCharsets.ISO_8859_1);
        if (!handshake.startsWith("HTTP/1.1 101 ")) throw new AssertionError("no upgrade: " + handshake);
        if (read) {
            Thread t = new Thread(() -> readLoop(in), "raw-ws-reader");
            t.setDaemon(true);
            t.start();
        }
    }

    RawWebSocket(int port) throws IOException {
        this(port, 0, true);
    }

    private void readLoop(DataInputStream in) {
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long n = b1 & 0x7f;
                if (n == 126) n = in.readUnsignedShort();
                else if (n == 127) n = in.readLong();
                byte[] p = new byte[(int) n];
                in.readFully(p);
                frames.add(new Frames.ServerFrame(b0 & 0x0f, p));
            }
        } catch (EOFException e) {
            // the server closed
        } catch (IOException e) {
            // closed or reset
        } finally {
            eof = true;
        }
    }

    RawWebSocket write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RawWebSocket text(String line) {
        return write(Frames.text(line));
    }

    /** The next frame matching, skipping others; fails after 30 s. */
    Frames.ServerFrame expect(Predicate<Frames.ServerFrame> p, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Frames.ServerFrame f = frames.poll(100, TimeUnit.MILLISECONDS);
            if (f != null && p.test(f)) return f;
            if (f == null && eof && frames.isEmpty()) break;
        }
        throw new AssertionError("no frame: " + what);
    }

    /** The next text frame containing {@code text}. */
    String expectText(String text) throws InterruptedException {
        return expect(f -> f.opcode() == 1 && f.text().contains(text), "text with " + text).text();
    }

    int expectClose() throws InterruptedException {
        return expect(f -> f.opcode() == 8, "close").closeCode();
    }

    /** Waits until the server closes the TCP connection. */
    void expectEof() {
        org.awaitility.Awaitility.await("the server closes the connection").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> eof);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
