package chatjar.cli;

import chatjar.net.LinkHandler;
import chatjar.net.Protocol;
import chatjar.net.http.PrometheusText;
import chatjar.net.reactor.EventLoop;
import chatjar.net.websocket.WebCounters;
import chatjar.server.ChatServer;

import java.util.function.Consumer;

/**
 * The figures {@code GET /metrics} shows, read on the loop thread from what the server and the loop already
 * count (read-only: nothing here changes them). The two the server does not count, clients dropped for their
 * sendq and for flooding, are counted from the close reasons it gives, by wrapping it as the transport's
 * {@link Protocol}.
 */
public final class ServerMetrics implements Consumer<PrometheusText> {
    /** The reasons ChatServer closes with (closeWithError), as its QUIT messages show them. */
    static final String SENDQ_REASON = "SendQ exceeded";
    static final String FLOOD_REASON = "Excess Flood";

    private final ChatServer server;
    private final WebCounters connections;
    private EventLoop loop;
    private long sendqDrops;
    private long floodKills;
    private long lastWallNanos = System.nanoTime();
    private long lastSelectNanos;

    public ServerMetrics(ChatServer server, WebCounters connections) {
        this.server = server;
        this.connections = connections;
    }

    /** The loop whose counters are shown; set once it exists, before it starts. */
    public void attach(EventLoop loop) {
        this.loop = loop;
    }

    /** The server as the transport sees it: the same, but its close reasons are counted. */
    public Protocol counting(Protocol protocol) {
        return link -> new Counted(protocol.open(link));
    }

    @Override
    public void accept(PrometheusText out) {
        connections.write(out);
        out.gauge("chatjar_clients", "Chat sessions, registered or not", server.users().count());
        out.gauge("chatjar_clients_registered", "Registered clients", server.users().registeredCount());
        out.gauge("chatjar_clients_registered_max", "Most registered clients at once since the start", server.users().maxRegistered());
        out.gauge("chatjar_channels", "Channels", server.channels().count());
        out.counter("chatjar_sessions_total", "Chat sessions opened (WebSocket and IRC connections admitted)", sessionsTotal());
        out.counter("chatjar_sessions_refused_total", "Connections refused by the connection limits", server.refusedTotal());
        out.counter("chatjar_lines_received_total", "IRC lines received from clients", linesIn());
        out.counter("chatjar_sendq_drops_total", "Clients dropped for exceeding their sendq", sendqDrops);
        out.counter("chatjar_flood_kills_total", "Clients dropped for flooding (Excess Flood)", floodKills);
        if (loop != null) {
            out.counter("chatjar_deliveries_total", "Messages queued to one connection (a broadcast counts once per recipient)", loop.sends());
            out.counter("chatjar_write_calls_total", "write() system calls on sockets", loop.writeCalls());
            long wall = System.nanoTime();
            long select = loop.selectNanos();
            long dWall = wall - lastWallNanos;
            double busy = dWall <= 0 ? 0 : Math.max(0, Math.min(1, 1 - (double) (select - lastSelectNanos) / dWall));
            lastWallNanos = wall;
            lastSelectNanos = select;
            out.gauge("chatjar_loop_busy_ratio", "Share of time the event loop was not waiting in select(), since the previous scrape", busy);
            out.counter("chatjar_loop_select_seconds_total", "Time the event loop spent waiting in select()", select / 1e9);
        }
        Runtime rt = Runtime.getRuntime();
        out.gauge("chatjar_heap_used_bytes", "JVM heap in use", rt.totalMemory() - rt.freeMemory());
    }

    /** Chat sessions opened since the start (loop thread). The server's own counters are read only here and in linesIn. */
    public long sessionsTotal() {
        return server.stats().connectionsTotal();
    }

    long linesIn() {
        return server.stats().linesIn();
    }

    /** One connection's handler, passed through; only its close reason is looked at. */
    private final class Counted implements LinkHandler {
        private final LinkHandler inner;

        Counted(LinkHandler inner) {
            this.inner = inner;
        }

        @Override
        public void onLine(byte[] buf, int off, int len) {
            inner.onLine(buf, off, len);
        }

        @Override
        public void onLineTooLong() {
            inner.onLineTooLong();
        }

        @Override
        public void onClose(String reason) {
            if (SENDQ_REASON.equals(reason)) sendqDrops++;
            else if (FLOOD_REASON.equals(reason)) floodKills++;
            inner.onClose(reason);
        }
    }
}
