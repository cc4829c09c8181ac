package chatjar.net.websocket;

import chatjar.net.http.HttpRequest;
import chatjar.net.http.HttpRequestParser;
import chatjar.net.http.HttpResponse;
import chatjar.net.http.HttpRoutes;
import chatjar.net.http.HttpStatus;

/**
 * The protocol state of one connection that spoke HTTP first: requests answered (kept alive or not) until one
 * upgrades to WebSocket, then frames in both directions. It is the whole of what a reactor layer needs beyond
 * moving bytes: the layer calls {@link #feed} with what it read and {@link #frame} with what the IRC session
 * sends, and acts on the {@link Io} callbacks. Pure code: no sockets, no timers (the layer times out a slow
 * request or handshake and calls {@link #timeout}).
 */
public final class WebConnection {
    /** The layer's side. Every call happens on the thread that calls {@link #feed}. */
    public interface Io {
        /** Bytes to write to the socket as they are (HTTP responses, WebSocket control frames). Not copied. */
        void send(byte[] bytes);

        /** The WebSocket is open in this mode: from now on lines flow; the layer opens the IRC session. */
        void opened(WebSocketMode mode);

        /** One IRC line from the WebSocket client; valid only during the call. False stops delivery. */
        boolean line(byte[] buf, int off, int len);

        /** Flush what was sent, then close the connection. Called at most once. */
        void close(String reason);
    }

    private enum Phase { HTTP, WEBSOCKET, CLOSED }

    private final WebConfig config;
    private final String remoteAddress;
    private final boolean secure;
    private final Io io;
    /** Dropped at the upgrade: an idle WebSocket keeps only what frames need. */
    private HttpRequestParser parser;
    private WebSocketDecoder decoder;
    private WebSocketMode mode;
    private Phase phase = Phase.HTTP;
    private int requests;

    private final WebSocketDecoder.Sink sink = new WebSocketDecoder.Sink() {
        @Override
        public boolean line(byte[] buf, int off, int len) {
            return io.line(buf, off, len);
        }

        @Override
        public void send(byte[] frame) {
            io.send(frame);
        }

        @Override
        public void close(int code, String reason) {
            finish("WebSocket " + code + (reason.isEmpty() ? "" : ": " + reason));
        }
    };

    public WebConnection(WebConfig config, String remoteAddress, boolean secure, Io io) {
        this.config = config;
        this.remoteAddress = remoteAddress;
        this.secure = secure;
        this.io = io;
        this.parser = new HttpRequestParser(config.limits());
    }

    /** Feeds what the socket delivered. {@code buf} is scratch: WebSocket payloads are unmasked in place. */
    public void feed(byte[] buf, int off, int len) {
        int end = off + len;
        while (off < end && phase == Phase.HTTP) {
            off += parser.feed(buf, off, end - off);
            switch (parser.state()) {
                case NEED_MORE -> { return; }
                case FAILED -> {
                    respond(HttpRoutes.reject(parser.error()));
                    return;
                }
                case COMPLETE -> {
                    HttpRequest req = parser.request();
                    parser.reset();
                    requests++;
                    if (WebSocketHandshake.isUpgrade(req)) upgrade(req);
                    else respond(config.routes().respond(req, remoteAddress));
                }
            }
        }
        if (phase == Phase.WEBSOCKET && off < end) decoder.feed(buf, off, end - off, sink);
    }

    /**
     * Frames bytes the IRC session sends (one or more CRLF-terminated lines) for this connection's mode; a
     * broadcast array gets the same frame array for every recipient of the mode (the shared cache).
     */
    public byte[] frame(byte[] ircBytes) {
        return config.frames().frame(ircBytes, mode);
    }

    /** The server ends the WebSocket (QUIT, kill, sendq): a close frame, then the connection closes. */
    public void close(int code, String reason) {
        if (phase == Phase.WEBSOCKET) {
            decoder.closeSent();
            io.send(WebSocketEncoder.close(code, reason));
        }
        finish(reason);
    }

    /** The caller's request or handshake timer fired: a 408 while a request is unfinished, else just close. */
    public void timeout() {
        if (phase != Phase.HTTP) return;
        if (parser != null && parser.heldBytes() > 0) respond(HttpRoutes.reject(HttpStatus.REQUEST_TIMEOUT));
        else finish("HTTP idle timeout");
    }

    public boolean isWebSocket() {
        return phase == Phase.WEBSOCKET;
    }

    /** The line mode once the WebSocket is open, else null. */
    public WebSocketMode mode() {
        return mode;
    }

    /** Requests answered so far (keep-alive), for tests and logs. */
    public int requests() {
        return requests;
    }

    /** Bytes held between reads: an unfinished request head or an assembling message. */
    public int heldBytes() {
        return (parser == null ? 0 : parser.heldBytes()) + (decoder == null ? 0 : decoder.heldBytes());
    }

    private void upgrade(HttpRequest req) {
        WebSocketHandshake.Result r = WebSocketHandshake.accept(req, config.origins(), secure);
        if (r instanceof WebSocketHandshake.Rejected rej) {
            io.send(rej.response().toBytes());
            finish("WebSocket handshake refused: " + rej.why());
            return;
        }
        WebSocketHandshake.Accepted ok = (WebSocketHandshake.Accepted) r;
        io.send(ok.response().toBytes());
        mode = ok.mode();
        decoder = new WebSocketDecoder(config.maxFrame(), config.maxMessage());
        parser = null;
        phase = Phase.WEBSOCKET;
        io.opened(mode);
    }

    private void respond(HttpResponse r) {
        io.send(r.head());
        byte[] body = r.body();
        if (body != null) io.send(body);
        if (r.closes()) finish("HTTP " + r.status().code);
    }

    private void finish(String reason) {
        if (phase == Phase.CLOSED) return;
        phase = Phase.CLOSED;
        io.close(reason);
    }
}
