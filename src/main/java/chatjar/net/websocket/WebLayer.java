package chatjar.net.websocket;

import chatjar.net.Layer;
import chatjar.net.Scheduler;
import chatjar.net.http.HttpRoutes;
import chatjar.net.http.HttpSniffer;
import chatjar.net.http.HttpStatus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * HTTP and WebSocket as a reactor {@link Layer}, under the line framer: on a shared port it sniffs a
 * connection's first bytes, and {@code GET }/{@code HEAD } makes it a web connection driven by
 * {@link WebConnection} (static files, /metrics, the upgrade), anything else passes through as IRC lines,
 * untouched. The protocol is held back until then ({@link Context#holdProtocol}): a plain HTTP request never
 * becomes a chat session, and a WebSocket becomes one at its upgrade, after which each message is one IRC line
 * and each array the session sends is framed once at {@link #encode} (the frame cache shares the frame among a
 * broadcast's WebSocket recipients; the sendq counts framed bytes).
 *
 * <p>A client that says nothing ({@code nc}, waiting for the greeting) is taken for IRC after
 * {@link Factory#sniffMillis}: browsers send their request at once. Under TLS that window starts when the
 * handshake ends (the first flush that reaches this layer), so a slow handshake is not mistaken for silence.
 */
public final class WebLayer implements Layer, Layer.MessageEncoder {
    /** How long a plain client may stay silent before it is taken for IRC (nc users see the greeting then). */
    public static final long SNIFF_MILLIS = 250;
    /** Time for one HTTP request (or an idle keep-alive connection) before a 408 or a close. */
    public static final long REQUEST_TIMEOUT_MILLIS = 10_000;
    /** Output held for a connection above which it is not read until that drains (pipelining, ping floods). */
    static final long MAX_UNREAD_OUTPUT = 256 * 1024;
    private static final long DRAIN_POLL_MILLIS = 10;

    /**
     * A listener's web layers. {@code tls}: TLS is below (https/wss); {@code httpOnly}: no sniffing, every
     * connection is HTTP ({@code --http-port}); {@code maxLine}: the line framer's limit, which WebSocket
     * lines honour too.
     */
    public record Factory(WebConfig web, WebCounters counters, int maxLine, boolean tls, boolean httpOnly,
                          long sniffMillis, long requestTimeoutMillis) implements Layer.Factory {
        @Override
        public Layer create() {
            return new WebLayer(this);
        }

        @Override
        public String toString() {
            return httpOnly ? "http" : "web";
        }
    }

    /** IRC and HTTP/WebSocket on one port, with the default timeouts. */
    public static Factory shared(WebConfig web, WebCounters counters, int maxLine, boolean tls) {
        return new Factory(web, counters, maxLine, tls, false, SNIFF_MILLIS, REQUEST_TIMEOUT_MILLIS);
    }

    /** HTTP and WebSocket only. */
    public static Factory httpOnly(WebConfig web, WebCounters counters, int maxLine, boolean tls) {
        return new Factory(web, counters, maxLine, tls, true, SNIFF_MILLIS, REQUEST_TIMEOUT_MILLIS);
    }

    private enum State { SNIFFING, LINES, WEB }

    private final Factory f;
    private State state = State.SNIFFING;
    private WebCounters.Transport counted = WebCounters.Transport.PENDING;
    /** The first bytes while they are still a prefix of "GET " or "HEAD " (at most four). */
    private byte[] prefix;
    private WebConnection web;
    /** What this connection counts under in the per-network HTTP cap while it speaks HTTP, else null. */
    private Object httpNetwork;
    private boolean httpCounted;
    private int requestsSeen;
    private Scheduler.Cancellable timer;
    private Scheduler.Cancellable drainPoll;
    private boolean readsPaused;
    /** Set while closing: a last close frame goes straight down, the queue being done. */
    private boolean direct;
    private Context ctx;

    private WebLayer(Factory f) {
        this.f = f;
    }

    @Override
    public void open(Context ctx) {
        this.ctx = ctx;
        ctx.holdProtocol();
        f.counters.enter(counted, f.tls);
        if (f.httpOnly) {
            startWeb();
        } else {
            // Under TLS the real window starts at the end of the handshake (see write); this only bounds it.
            arm(f.tls ? Math.max(f.sniffMillis, f.requestTimeoutMillis) : f.sniffMillis, this::silent);
        }
    }

    @Override
    public void read(Context ctx, byte[] buf, int off, int len) throws IOException {
        switch (state) {
            case LINES -> ctx.readUp(buf, off, len);
            case WEB -> feed(buf, off, len);
            case SNIFFING -> {
                if (prefix != null) { // Layer.HEADROOM leaves room in front for these few bytes
                    System.arraycopy(prefix, 0, buf, off - prefix.length, prefix.length);
                    off -= prefix.length;
                    len += prefix.length;
                    prefix = null;
                }
                switch (HttpSniffer.sniff(buf, off, len)) {
                    case NEED_MORE -> prefix = Arrays.copyOfRange(buf, off, off + len);
                    case HTTP -> {
                        startWeb();
                        if (state == State.WEB) feed(buf, off, len);
                    }
                    case NOT_HTTP -> {
                        toLines();
                        ctx.readUp(buf, off, len);
                    }
                }
            }
        }
    }

    /** The sniffing window passed in silence: an IRC client (or a person at nc) waiting to be greeted. */
    private void silent() throws IOException {
        if (state != State.SNIFFING) return;
        toLines();
        if (prefix != null) {
            byte[] p = prefix;
            prefix = null;
            byte[] buf = new byte[HEADROOM + p.length];
            System.arraycopy(p, 0, buf, HEADROOM, p.length);
            ctx.readUp(buf, HEADROOM, p.length);
        }
    }

    private void toLines() {
        cancelTimer();
        state = State.LINES;
        count(WebCounters.Transport.IRC);
        ctx.openProtocol();
    }

    private void startWeb() {
        cancelTimer();
        String refusal = f.counters.httpRefusal(ctx.remoteAddress());
        if (refusal != null) {
            state = State.LINES; // never fed again: the connection is closing
            ctx.send(HttpRoutes.reject(HttpStatus.SERVICE_UNAVAILABLE).close().toBytes());
            ctx.close(refusal);
            return;
        }
        state = State.WEB;
        count(WebCounters.Transport.HTTP);
        httpNetwork = f.counters.httpEntered(ctx.remoteAddress());
        httpCounted = true;
        web = new WebConnection(f.web, ctx.remoteAddress(), f.tls, new Io());
        arm(f.requestTimeoutMillis, () -> web.timeout());
    }

    private void feed(byte[] buf, int off, int len) {
        web.feed(buf, off, len);
        if (!ctx.isOpen()) return;
        if (!web.isWebSocket() && web.requests() != requestsSeen) {
            // A request was answered: the connection may idle (keep-alive) for one more timeout.
            requestsSeen = web.requests();
            arm(f.requestTimeoutMillis, () -> web.timeout());
        }
        if (!web.isWebSocket() && ctx.pendingBytes() > MAX_UNREAD_OUTPUT && !readsPaused) {
            // The peer sends faster than it reads what it asked for (pipelined requests): stop reading it until
            // that drains, as TCP would, so its answers cannot pile up here. Not on a WebSocket: there the output
            // is mostly others' messages, and pausing a busy channel's member would hold back what it says (at
            // 1.7 M deliveries/s it made senders late); the sendq bounds it, and a ping flood's pongs, like a
            // TCP client's PONGs, end at the sendq limit.
            readsPaused = true;
            ctx.pauseReads(true);
            pollDrain();
        }
    }

    private void pollDrain() {
        drainPoll = ctx.scheduler().schedule(DRAIN_POLL_MILLIS, () -> {
            if (!ctx.isOpen()) return;
            if (ctx.pendingBytes() > MAX_UNREAD_OUTPUT / 2) {
                pollDrain();
            } else {
                readsPaused = false;
                ctx.pauseReads(false);
            }
        });
    }

    @Override
    public void write(Context ctx, ByteBuffer src) throws IOException {
        if (state == State.SNIFFING && f.tls && !f.httpOnly) {
            // Only the end of the TLS handshake flushes a held connection: now the client may speak.
            arm(f.sniffMillis, this::silent);
        }
        ctx.writeDown(src);
    }

    @Override
    public byte[] encode(byte[] message) {
        return web != null && web.isWebSocket() ? web.frame(message) : message;
    }

    @Override
    public void readEnd(Context ctx) throws IOException {
        if (state == State.LINES) {
            ctx.readEndUp();
        } else if (state == State.SNIFFING && prefix != null) {
            silent();
            ctx.readEndUp();
        } else {
            ctx.close("Connection closed");
        }
    }

    @Override
    public void close(Context ctx) {
        cancelTimer();
        if (drainPoll != null) drainPoll.cancel();
        f.counters.leave(counted, f.tls);
        leaveHttp();
        if (web != null && web.isWebSocket() && !ctx.hasOutput()) {
            // The server ends it (QUIT, shutdown, a kill): a close frame after the ERROR line, best effort.
            direct = true;
            web.close(CloseCode.NORMAL, "");
        }
    }

    private void leaveHttp() {
        if (!httpCounted) return;
        httpCounted = false;
        f.counters.httpLeft(httpNetwork);
    }

    private void count(WebCounters.Transport t) {
        f.counters.move(counted, t, f.tls);
        counted = t;
    }

    private void arm(long millis, IoTask task) {
        cancelTimer();
        timer = ctx.scheduler().schedule(millis, () -> ctx.execute(task));
    }

    private void cancelTimer() {
        if (timer != null) timer.cancel();
        timer = null;
    }

    @Override
    public String toString() {
        return "web(" + state + ")";
    }

    /** What {@link WebConnection} asks of the connection. */
    private final class Io implements WebConnection.Io {
        @Override
        public void send(byte[] bytes) {
            if (!direct) {
                ctx.send(bytes);
                return;
            }
            try {
                ctx.writeDown(ByteBuffer.wrap(bytes));
            } catch (IOException | RuntimeException ignored) {
                // closing anyway
            }
        }

        @Override
        public void opened(WebSocketMode mode) {
            cancelTimer(); // from now on the IRC session's own timeouts (registration, ping) apply
            count(WebCounters.Transport.WEBSOCKET);
            leaveHttp(); // a chat session now: the server's per-IP limit counts it, like a TCP client
            ctx.openProtocol();
        }

        @Override
        public boolean line(byte[] buf, int off, int len) {
            if (len > f.maxLine) {
                ctx.lines().lineTooLong();
                return ctx.isOpen();
            }
            return ctx.lines().line(buf, off, len);
        }

        @Override
        public void close(String reason) {
            ctx.close(reason);
        }
    }
}
