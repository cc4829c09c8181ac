package chatjar.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One generator thread: its own Selector and its share of the bots. It connects them (a bounded number in
 * flight), registers, joins, answers PING, sends its senders' share of the offered rate, and reads every
 * delivery. The read path scans bytes in one shared buffer and the write path composes in a {@link LineBuilder}:
 * no String, no regex, no allocation per line. With {@code --transport ws} the same lines travel as WebSocket
 * messages ({@link WebSocketFramer}): the upgrade first, then each line masked into its own frame, and server
 * frames parsed in place back into lines.
 * The main thread steers it through volatile fields and receives counters through {@link #snapshot}.
 */
final class Worker implements Runnable {
    private static final byte[] PRIVMSG_PREFIX = "PRIVMSG #bench".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_UNSENT = 64 * 1024;

    private final BenchConfig cfg;
    private final InetSocketAddress[] servers; // by port index: client i goes to servers[i % n]
    private final Selector selector;
    private final Bot[] bots;
    private final Bot[] senders;
    private final int[] channelMembers;
    private final int maxInFlight;
    private final ByteBuffer readBuf = ByteBuffer.allocate(64 * 1024);
    private final LineBuilder line = new LineBuilder();
    /** Null for plain TCP. */
    private final WebSocketFramer ws;
    private final WebSocketReads wsReads;
    final Thread thread;

    private Stats stats = new Stats();
    private int nextConnect;
    private int inFlight;
    private int senderCursor;
    private int connected, registered, joined, dead;
    private long sentTotal, receivedTotal, expectedTotal, uniqueTotal;
    private int windowSeen;
    private long sentInWindow;
    private int snapshotServed;

    // ---- steering, written by the main thread ----
    volatile boolean running = true;
    volatile boolean connecting;
    volatile double rate;          // this worker's share, messages per second
    volatile long windowFrom;      // nanoTime when sending starts
    volatile long windowUntil;     // nanoTime when it stops
    volatile int windowId;         // written last: the worker re-reads the three above when it changes
    volatile int snapshotRequest;

    // ---- published once per loop turn, read by the main thread ----
    volatile Stats snapshot;
    volatile int snapshotId;
    volatile int pubConnected, pubRegistered, pubJoined, pubDead;
    volatile long pubSent, pubReceived, pubExpected, pubUnique;
    volatile boolean settled;
    /** nanoTime of the first connect() and of the moment the last client settled: the storm's true length. */
    volatile long firstConnectNanos, settledNanos;

    Worker(BenchConfig cfg, int id, Bot[] bots, int[] channelMembers) throws IOException {
        this.cfg = cfg;
        this.servers = new InetSocketAddress[cfg.ports().size()];
        for (int i = 0; i < servers.length; i++) servers[i] = new InetSocketAddress(cfg.host(), cfg.ports().get(i));
        this.selector = Selector.open();
        this.bots = bots;
        this.channelMembers = channelMembers;
        int s = 0;
        for (Bot b : bots) if (cfg.isSender(b.index)) s++;
        this.senders = new Bot[s];
        s = 0;
        for (Bot b : bots) if (cfg.isSender(b.index)) senders[s++] = b;
        this.maxInFlight = Math.max(1, cfg.concurrency() / cfg.threads());
        this.ws = cfg.transport() == BenchConfig.Transport.ws ? new WebSocketFramer() : null;
        this.wsReads = ws == null ? null : new WebSocketReads(this, ws);
        this.thread = new Thread(this, "bench-" + id);
        thread.setDaemon(true);
    }

    int senderCount() {
        return senders.length;
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(windowFrom != 0 ? 1 : 20);
                long now = System.nanoTime();
                for (SelectionKey k : selector.selectedKeys()) handle((Bot) k.attachment(), k, now);
                selector.selectedKeys().clear();
                if (connecting) connectMore(now);
                sendDue(now);
                publish();
            }
        } catch (IOException e) {
            System.err.println("bench: generator loop failed: " + e.getMessage());
        } finally {
            for (Bot b : bots) closeQuietly(b);
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing the selector cannot fail in a way we could act on
            }
        }
    }

    private void publish() {
        pubConnected = connected;
        pubRegistered = registered;
        pubJoined = joined;
        pubDead = dead;
        pubSent = sentTotal;
        pubReceived = receivedTotal;
        pubExpected = expectedTotal;
        pubUnique = uniqueTotal;
        boolean nowSettled = nextConnect == bots.length && inFlight == 0;
        if (nowSettled && !settled) settledNanos = System.nanoTime();
        settled = nowSettled;
        int req = snapshotRequest;
        if (req != snapshotServed) {
            snapshotServed = req;
            Stats done = stats;
            stats = new Stats();
            snapshot = done;
            snapshotId = req;
        }
    }

    // ---- connecting and registering ----

    private void connectMore(long now) {
        if (nextConnect == 0 && bots.length > 0) firstConnectNanos = now;
        while (nextConnect < bots.length && inFlight < maxInFlight) {
            Bot b = bots[nextConnect++];
            inFlight++;
            b.startedNanos = now;
            b.state = Bot.CONNECTING;
            try {
                SocketChannel ch = SocketChannel.open();
                b.socket = ch;
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                int source = b.index / BenchConfig.CLIENTS_PER_SOURCE;
                if (source > 0) ch.bind(new InetSocketAddress("127.0.0." + (1 + source), 0));
                if (ch.connect(servers[b.index % servers.length])) {
                    b.key = ch.register(selector, SelectionKey.OP_READ, b);
                    onConnected(b);
                } else {
                    b.key = ch.register(selector, SelectionKey.OP_CONNECT, b);
                }
            } catch (IOException e) {
                fail(b, e);
            }
        }
    }

    private void onConnected(Bot b) throws IOException {
        connected++;
        b.state = Bot.REGISTERING;
        if (ws != null) { // registration follows the 101
            b.ws = Bot.WS_UPGRADING;
            WebSocketFramer.handshake(line, cfg.host(), cfg.port(), b.index);
            write(b, line.flip());
            return;
        }
        register(b);
    }

    void register(Bot b) throws IOException {
        line.clear().put("NICK ").put(b.nick).put("\r\nUSER ").put(b.nick).put(" 0 * :chat.jar bench\r\n");
        send(b);
    }

    void fail(Bot b, IOException e) {
        if (b.state == Bot.DEAD) return;
        if (b.inFlight()) inFlight--;
        if (b.state >= Bot.REGISTERED) registered--;
        if (b.state == Bot.JOINED) joined--;
        if (b.state >= Bot.REGISTERING) connected--;
        b.state = Bot.DEAD;
        dead++;
        stats.failed++;
        if (dead <= 3 && e != null && cfg.findMax() == false && !cfg.quiet()) {
            System.err.println("\nbench: client " + b.index + " failed: " + e.getMessage());
        }
        closeQuietly(b);
    }

    private static void closeQuietly(Bot b) {
        if (b.socket == null) return;
        try {
            b.socket.close();
        } catch (IOException ignored) {
            // nothing to do for a socket that will not close
        }
    }

    // ---- I/O ----

    private void handle(Bot b, SelectionKey k, long now) {
        try {
            if (!k.isValid()) return;
            if (k.isConnectable()) {
                if (b.socket.finishConnect()) {
                    k.interestOps(SelectionKey.OP_READ);
                    onConnected(b);
                }
                return;
            }
            if (k.isWritable()) flushUnsent(b);
            if (k.isReadable()) read(b, now);
        } catch (IOException e) {
            fail(b, e);
        }
    }

    private void read(Bot b, long now) throws IOException {
        byte[] a = readBuf.array();
        int held = b.partialLen;
        if (held > 0) System.arraycopy(b.partial, 0, a, 0, held);
        b.partialLen = 0;
        readBuf.clear().position(held);
        int n = b.socket.read(readBuf);
        if (n < 0) {
            fail(b, new IOException(b.state >= Bot.REGISTERED ? "closed by the server" : "closed before registration"));
            return;
        }
        int end = readBuf.position();
        if (b.ws != Bot.WS_NONE) {
            wsReads.read(b, a, end, now);
            return;
        }
        int start = 0;
        for (int i = held; i < end; i++) {
            if (a[i] != '\n') continue;
            int e = i > start && a[i - 1] == '\r' ? i - 1 : i;
            if (e > start) onLine(b, a, start, e, now);
            if (b.state == Bot.DEAD) return;
            start = i + 1;
        }
        keep(b, a, start, end);
    }

    /** The unfinished tail {@code a[start, end)}, put back in front of the next read. */
    static void keep(Bot b, byte[] a, int start, int end) {
        int rest = end - start;
        if (rest > 0) {
            if (b.partial == null || b.partial.length < rest) b.partial = new byte[Math.max(rest, 512)];
            System.arraycopy(a, start, b.partial, 0, rest);
            b.partialLen = rest;
        }
    }

    void onLine(Bot b, byte[] a, int s, int e, long now) throws IOException {
        int p = s;
        if (a[p] == ':') {
            while (p < e && a[p] != ' ') p++;
            p++;
        }
        if (p + 8 < e && a[p] == 'P' && a[p + 1] == 'R' && a[p + 2] == 'I' && a[p + 7] == ' ') {
            delivery(b, a, p + 8, e, now);
        } else if (p + 4 <= e && a[p] == 'P' && a[p + 1] == 'I' && a[p + 2] == 'N' && a[p + 3] == 'G') {
            line.clear().put("PONG").put(a, p + 4, e - p - 4).put("\r\n");
            send(b);
        } else if (p + 3 < e && isDigit(a[p]) && isDigit(a[p + 1]) && isDigit(a[p + 2]) && a[p + 3] == ' ') {
            numeric(b, (a[p] - '0') * 100 + (a[p + 1] - '0') * 10 + (a[p + 2] - '0'), now);
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private void numeric(Bot b, int code, long now) throws IOException {
        if (code == 1 && b.state == Bot.REGISTERING) {
            b.state = Bot.REGISTERED;
            registered++;
            stats.registered++;
            stats.toWelcome.record((now - b.startedNanos) / 1000);
            if (b.channel >= 0) {
                line.clear().put("JOIN #bench").putInt(b.channel).put("\r\n");
                send(b);
            } else {
                inFlight--;
            }
        } else if (code == 366 && b.state == Bot.REGISTERED && b.channel >= 0) {
            b.state = Bot.JOINED;
            joined++;
            inFlight--;
        } else if ((code == 432 || code == 433 || code == 436 || code == 465) && b.state == Bot.REGISTERING) {
            fail(b, new IOException("registration refused with numeric " + code));
        }
    }

    /** {@code <target> :~<sender> <seq> <sentNanos>}: one delivery of a message this process sent. */
    private void delivery(Bot b, byte[] a, int p, int e, long now) {
        while (p < e && a[p] != ' ') p++;
        if (p + 2 >= e || a[p + 1] != ':' || a[p + 2] != '~') return;
        p += 3;
        int sender = 0;
        while (p < e && a[p] != ' ') sender = sender * 10 + (a[p++] - '0');
        p++;
        int seq = 0;
        while (p < e && a[p] != ' ') seq = seq * 10 + (a[p++] - '0');
        p++;
        long sentAt = 0;
        while (p < e && a[p] != ' ') sentAt = sentAt * 10 + (a[p++] - '0');
        receivedTotal++;
        stats.received++;
        stats.latency.record((now - sentAt) / 1000);
        int k = sender - cfg.clientBase();
        if (k < 0 || k >= cfg.senders()) return;
        if (b.lastSeq == null) b.lastSeq = new int[cfg.senders()];
        if (seq <= b.lastSeq[k]) {
            stats.duplicates++;
        } else {
            b.lastSeq[k] = seq;
            uniqueTotal++;
        }
    }

    // ---- sending ----

    private void sendDue(long now) throws IOException {
        int id = windowId;
        if (id != windowSeen) {
            windowSeen = id;
            sentInWindow = 0;
        }
        long from = windowFrom;
        if (from == 0 || now < from || now >= windowUntil || senders.length == 0) return;
        double r = rate;
        long due = (long) ((now - from) * r / 1e9) - sentInWindow;
        long cap = Math.max(1, (long) (r / 20)); // more than 50 ms behind: the generator is late, say so
        if (due > cap) {
            stats.sendSkipped += due - cap;
            sentInWindow += due - cap;
            due = cap;
        }
        for (long i = 0; i < due; i++) {
            Bot b = senders[senderCursor];
            senderCursor = senderCursor + 1 == senders.length ? 0 : senderCursor + 1;
            sentInWindow++;
            if (b.state != Bot.JOINED || b.unsentLen > MAX_UNSENT) {
                stats.sendSkipped++;
                continue;
            }
            line.clear().put(PRIVMSG_PREFIX).putInt(b.channel).put(" :~").putInt(b.index).put(" ").putInt(++b.seq).put(" ")
                    .putLong(System.nanoTime()).pad(cfg.padding()).put("\r\n");
            send(b);
            if (b.state == Bot.DEAD) continue;
            sentTotal++;
            stats.sent++;
            long fanout = channelMembers[b.channel] - 1;
            stats.expected += fanout;
            expectedTotal += fanout;
        }
    }

    /** Writes the line just built (framed over WebSocket). */
    private void send(Bot b) throws IOException {
        write(b, b.ws == Bot.WS_OPEN ? ws.frame(line.flip()) : line.flip());
    }

    /** What the kernel refuses waits in the bot's own buffer behind OP_WRITE. */
    void write(Bot b, ByteBuffer out) throws IOException {
        if (b.unsentLen == 0) b.socket.write(out);
        if (!out.hasRemaining()) return;
        int n = out.remaining();
        if (b.unsent == null || b.unsent.length < b.unsentLen + n) {
            byte[] grown = new byte[Math.max(4096, (b.unsentLen + n) * 2)];
            if (b.unsent != null) System.arraycopy(b.unsent, 0, grown, 0, b.unsentLen);
            b.unsent = grown;
        }
        out.get(b.unsent, b.unsentLen, n);
        b.unsentLen += n;
        b.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    private void flushUnsent(Bot b) throws IOException {
        if (b.unsentLen == 0) {
            b.key.interestOps(SelectionKey.OP_READ);
            return;
        }
        int n = b.socket.write(ByteBuffer.wrap(b.unsent, 0, b.unsentLen));
        System.arraycopy(b.unsent, n, b.unsent, 0, b.unsentLen - n);
        b.unsentLen -= n;
        if (b.unsentLen == 0) {
            b.unsent = null;
            b.key.interestOps(SelectionKey.OP_READ);
        }
    }
}
