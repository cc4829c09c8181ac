package chatjar.bench;

import java.io.IOException;

/**
 * A worker's read side over WebSocket: the 101 (then registration), then server frames parsed in place, each
 * line handed to the worker as a TCP line would be. One per worker thread; {@link #bot} and {@link #now} say
 * whom the current parse is for, since the framer calls back per line.
 */
final class WebSocketReads implements WebSocketFramer.Sink {
    private final Worker worker;
    private final WebSocketFramer ws;
    private Bot bot;
    private long now;

    WebSocketReads(Worker worker, WebSocketFramer ws) {
        this.worker = worker;
        this.ws = ws;
    }

    /** {@code a[0, end)}: what the socket gave, after the bot's kept tail. */
    void read(Bot b, byte[] a, int end, long now) throws IOException {
        int start = 0;
        if (b.ws == Bot.WS_UPGRADING) {
            int p = WebSocketFramer.handshakeEnd(a, 0, end);
            if (p == WebSocketFramer.NEED_MORE && end < a.length) {
                Worker.keep(b, a, 0, end);
                return;
            }
            if (p < 0) {
                worker.fail(b, new IOException("WebSocket upgrade refused"));
                return;
            }
            b.ws = Bot.WS_OPEN;
            worker.register(b);
            start = p;
        }
        bot = b;
        this.now = now;
        int p = WebSocketFramer.frames(a, start, end, a.length, this);
        if (b.state == Bot.DEAD) return;
        if (p == WebSocketFramer.CLOSED) {
            worker.fail(b, new IOException("WebSocket closed by the server"));
            return;
        }
        Worker.keep(b, a, p, end);
    }

    @Override
    public void line(byte[] a, int s, int e) throws IOException {
        if (bot.state != Bot.DEAD) worker.onLine(bot, a, s, e, now);
    }

    @Override
    public void ping(byte[] a, int s, int e) throws IOException {
        if (bot.state != Bot.DEAD) worker.write(bot, ws.pong(a, s, e));
    }
}
