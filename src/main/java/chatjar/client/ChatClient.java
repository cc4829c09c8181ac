package chatjar.client;

import chatjar.client.Line.Kind;
import chatjar.irc.CaseMapping;
import chatjar.irc.Message;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One IRC session: registers, keeps track of channels, members and windows, answers PING, and reconnects
 * with exponential backoff and jitter when the server drops us (never after /quit), rejoining channels.
 *
 * <p>Threads: a network thread reads and updates state; the input thread (terminal or pipe) calls the
 * public methods. State is guarded by {@code this}; {@link Output} is only called with the lock released,
 * because the screen takes its own lock and calls back (completion, Alt+number).
 */
public final class ChatClient {
    private final ClientConfig config;
    private final Output out;
    private final Formatter formatter = new Formatter();
    private final CountDownLatch quitRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean quitting;
    private Thread network;

    // Guarded by this.
    private IrcConnection conn;
    private String nick;
    private String preferredNick;
    private int nickAttempts;
    private boolean registered;
    private boolean everRegistered;
    private boolean ready;
    private boolean bannerSeen;
    private long nextDelayMillis;
    private final Windows windows = new Windows();
    /** Channels we are in (folded name → name as joined); rejoined after a reconnect. */
    private final Map<String, String> channels = new LinkedHashMap<>();
    private final Map<String, TreeSet<String>> members = new LinkedHashMap<>();
    private final List<String> pendingJoins = new ArrayList<>();

    public ChatClient(ClientConfig config, Output out) {
        this.config = config;
        this.out = out;
        this.nick = config.nick();
        this.preferredNick = config.nick();
        this.nextDelayMillis = config.reconnectMin().toMillis();
    }

    /** Connects and registers; the caller reports a failure (there is no retry for the first connection). */
    public void connect() throws IOException {
        IrcConnection c = IrcConnection.open(config);
        synchronized (this) {
            conn = c;
        }
        register(c);
    }

    /** Starts the network thread; call after {@link #connect()} succeeded. */
    public void start() {
        network = new Thread(this::run, "client-network");
        network.setDaemon(true);
        network.start();
    }

    /** One line for a failed connection, as the user sees it: "cannot connect to host:port: connection refused". */
    public static String describe(ClientConfig config, IOException e) {
        return "cannot connect to " + config.address() + ": " + reason(e);
    }

    static String reason(IOException e) {
        if (e instanceof UnknownHostException) return "unknown host";
        if (e instanceof SocketTimeoutException) return "timed out";
        if (e instanceof javax.net.ssl.SSLHandshakeException && String.valueOf(e.getMessage()).contains("PKIX")) {
            return "TLS certificate not trusted (a self-signed server? then add --insecure)";
        }
        if (e instanceof javax.net.ssl.SSLException) return "TLS failed: " + e.getMessage();
        if (e instanceof NoRouteToHostException) return "no route to host";
        String msg = e.getMessage();
        if (e instanceof ConnectException && (msg == null || msg.startsWith("Connection refused"))) return "connection refused";
        if (msg == null || msg.isEmpty()) return e.getClass().getSimpleName();
        return msg.substring(0, 1).toLowerCase(Locale.ROOT) + msg.substring(1);
    }

    private void register(IrcConnection c) throws IOException {
        String n;
        synchronized (this) {
            n = preferredNick;
            nick = n;
            nickAttempts = 0;
        }
        if (config.password() != null) c.send(Message.of(null, "PASS", config.password()));
        c.send(Message.of(null, "NICK", n));
        c.send(Message.of(null, "USER", config.user(), "0", "*", config.realname()));
    }

    private void run() {
        try {
            IrcConnection c;
            synchronized (this) {
                c = conn;
            }
            while (c != null) {
                String why = readAll(c);
                c.close();
                synchronized (this) {
                    conn = null;
                    registered = false;
                    ready = false;
                    members.clear();
                    notifyAll();
                }
                if (quitting) break;
                show(Line.of(Kind.STATUS, null, "Disconnected from " + config.address() + why));
                c = reconnect();
            }
        } finally {
            stopped.countDown();
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private String readAll(IrcConnection c) {
        try {
            c.idleTimeout((int) config.idleTimeout().toMillis());
            boolean pinged = false;
            while (true) {
                String raw;
                try {
                    raw = c.readLine();
                } catch (SocketTimeoutException idle) {
                    if (pinged) return " (no answer from the server for " + 2 * config.idleTimeout().toSeconds() + "s)";
                    c.send(Message.of(null, "PING", "chat.jar"));
                    pinged = true;
                    continue;
                }
                if (raw == null) return " (the server closed the connection)";
                pinged = false;
                onLine(c, raw);
            }
        } catch (IOException e) {
            return " (" + reason(e) + ")";
        }
    }

    /** Returns the new connection, or null once the user has quit. */
    private IrcConnection reconnect() {
        while (true) {
            long delay;
            synchronized (this) {
                delay = nextDelayMillis;
                nextDelayMillis = Math.min(nextDelayMillis * 2, config.reconnectMax().toMillis());
            }
            // Jitter spreads out many clients that lost the same server at the same moment.
            long wait = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
            show(Line.of(Kind.STATUS, null, String.format(Locale.ROOT, "Reconnecting in %.1fs ...", wait / 1000.0)));
            try {
                if (quitRequested.await(wait, TimeUnit.MILLISECONDS)) return null;
            } catch (InterruptedException e) {
                return null;
            }
            try {
                IrcConnection c = IrcConnection.open(config);
                synchronized (this) {
                    if (quitting) {
                        c.close();
                        return null;
                    }
                    conn = c;
                }
                register(c);
                show(Line.of(Kind.STATUS, null, "Connected to " + config.address()));
                return c;
            } catch (IOException e) {
                show(Line.of(Kind.STATUS, null, describe(config, e)));
            }
        }
    }

    private void onLine(IrcConnection c, String raw) throws IOException {
        Message m = Message.parse(raw);
        if (m == null) return;
        if (m.command().equals("PING")) {
            c.send(Message.of(null, "PONG", m.paramCount() == 0 ? "" : m.last()));
            return;
        }
        List<Line> lines = new ArrayList<>(2);
        boolean windowsChanged;
        synchronized (this) {
            Line line = formatter.format(m, nick);
            // After our QUIT the server's ERROR is the expected goodbye, not news.
            // A reconnect repeats the welcome and MOTD; once was enough.
            boolean repeatedBanner = line != null && line.kind() == Kind.BANNER && bannerSeen;
            if (line != null && !repeatedBanner && !(quitting && m.command().equals("ERROR"))) lines.add(line);
            windowsChanged = update(c, m, lines);
        }
        for (Line l : lines) out.show(l);
        if (windowsChanged) out.windowsChanged();
    }

    /** Applies {@code m} to the session state; returns true if the windows changed. Holds the lock. */
    private boolean update(IrcConnection c, Message m, List<Line> lines) throws IOException {
        String who = m.sourceNick();
        boolean self = who != null && CaseMapping.equals(who, nick);
        switch (m.command()) {
            case "001" -> {
                registered = true;
                nick = m.param(0);
                preferredNick = nick;
                nextDelayMillis = config.reconnectMin().toMillis();
                List<String> toJoin = everRegistered ? new ArrayList<>(channels.values()) : config.channels();
                everRegistered = true;
                pendingJoins.clear();
                for (String ch : toJoin) {
                    pendingJoins.add(CaseMapping.fold(ch));
                    c.send(Message.of(null, "JOIN", ch));
                }
                if (pendingJoins.isEmpty()) setReady();
            }
            case "432", "433", "436", "437" -> {
                if (!registered && !Line.isChannel(String.valueOf(m.param(1)))) {
                    nick = m.command().equals("432") ? "guest" + ThreadLocalRandom.current().nextInt(1000, 10000)
                            : Nicks.suffixed(preferredNick, ++nickAttempts);
                    lines.add(Line.of(Kind.STATUS, null, "Trying the nick " + nick));
                    c.send(Message.of(null, "NICK", nick));
                } else {
                    joinFailed(m.param(1));
                }
            }
            case "376", "422" -> bannerSeen = true;
            case "403", "405", "471", "473", "474", "475", "476", "477" -> joinFailed(m.param(1));
            case "JOIN" -> {
                String ch = m.param(0);
                if (self) {
                    channels.put(CaseMapping.fold(ch), ch);
                    members.put(CaseMapping.fold(ch), new TreeSet<>(String.CASE_INSENSITIVE_ORDER));
                    boolean opened = windows.add(ch);
                    if (opened) windows.select(ch);
                    if (pendingJoins.remove(CaseMapping.fold(ch)) && pendingJoins.isEmpty()) setReady();
                    return opened;
                }
                members(ch).add(who);
            }
            case "PART" -> {
                if (self) return leave(m.param(0));
                members(m.param(0)).remove(who);
            }
            case "KICK" -> {
                if (CaseMapping.equals(m.param(1), nick)) return leave(m.param(0));
                members(m.param(0)).remove(m.param(1));
            }
            case "QUIT" -> members.values().forEach(s -> s.remove(who));
            case "NICK" -> {
                String to = m.param(0);
                if (self) {
                    nick = to;
                    preferredNick = to;
                }
                for (TreeSet<String> s : members.values()) {
                    if (s.remove(who)) s.add(to);
                }
                return windows.rename(who, to);
            }
            case "PRIVMSG" -> {
                String target = m.param(0);
                boolean fromUser = m.prefix() != null && m.prefix().indexOf('!') >= 0;
                if (fromUser && target != null && !Line.isChannel(target) && windows.add(who)) return true;
            }
            case "353" -> {
                if (m.paramCount() >= 4) {
                    TreeSet<String> s = members(m.param(2));
                    for (String n : m.last().split(" ")) {
                        String bare = stripPrefixes(n);
                        if (!bare.isEmpty()) s.add(bare);
                    }
                }
            }
            default -> { }
        }
        return false;
    }

    private void joinFailed(String channel) {
        if (channel == null) return;
        String folded = CaseMapping.fold(channel);
        channels.remove(folded);
        if (pendingJoins.remove(folded) && pendingJoins.isEmpty()) setReady();
    }

    private boolean leave(String channel) {
        channels.remove(CaseMapping.fold(channel));
        members.remove(CaseMapping.fold(channel));
        return windows.remove(channel);
    }

    private TreeSet<String> members(String channel) {
        return members.computeIfAbsent(CaseMapping.fold(channel), k -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER));
    }

    /** Drops NAMES status prefixes ({@code @+} here, {@code ~&%} elsewhere) and userhost-in-names suffixes. */
    static String stripPrefixes(String name) {
        int i = 0;
        while (i < name.length() && "~&@%+".indexOf(name.charAt(i)) >= 0) i++;
        int bang = name.indexOf('!', i);
        return bang < 0 ? name.substring(i) : name.substring(i, bang);
    }

    private void setReady() {
        ready = true;
        notifyAll();
    }

    // ---- called by the input side ------------------------------------------------------------------

    public synchronized String nick() {
        return nick;
    }

    public synchronized String current() {
        return windows.current();
    }

    public synchronized List<String> windows() {
        return windows.list();
    }

    public synchronized boolean isConnected() {
        return conn != null && registered;
    }

    /** Members of {@code channel} as NAMES and JOINs told us, for tab completion. */
    public synchronized List<String> membersOf(String channel) {
        TreeSet<String> s = channel == null ? null : members.get(CaseMapping.fold(channel));
        return s == null ? List.of() : List.copyOf(s);
    }

    /** Waits until registered and the start-up channels are joined (or refused), or the client stopped. */
    public synchronized boolean awaitReady(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!ready && stopped.getCount() > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) return false;
            wait(left);
        }
        return ready;
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    public boolean awaitStopped(long timeoutMillis) throws InterruptedException {
        return stopped.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public void show(Line line) {
        out.show(line);
    }

    /** Sends one raw line; tells the user and returns false while disconnected. */
    public boolean send(Message m) {
        IrcConnection c;
        synchronized (this) {
            c = conn;
        }
        if (c == null) {
            show(Line.of(Kind.STATUS, null, "Not connected; waiting to reconnect"));
            return false;
        }
        try {
            c.send(m);
            return true;
        } catch (IOException e) {
            // The network thread sees the same failure and reconnects; nothing more to do here.
            show(Line.of(Kind.STATUS, null, "Send failed: " + reason(e)));
            return false;
        }
    }

    public boolean sendRaw(String line) {
        Message m = Message.parse(line);
        if (m == null) return false;
        return send(m);
    }

    /** PRIVMSG or NOTICE, split to fit the 512-byte line, each piece echoed as our own line. */
    public void say(Kind kind, String target, String text) {
        String verb = kind == Kind.NOTICE ? "NOTICE" : "PRIVMSG";
        int budget = TextSplitter.budget(verb, target);
        if (kind == Kind.ACTION) budget -= "\u0001ACTION \u0001".length();
        for (String piece : TextSplitter.split(text, budget)) {
            String wire = kind == Kind.ACTION ? "\u0001ACTION " + piece + "\u0001" : piece;
            if (!send(Message.of(null, verb, target, wire))) return;
            show(Line.chat(kind, target, nick(), piece, true));
        }
    }

    /** Opens (or switches to) a query window with {@code nick}. */
    public void openQuery(String who) {
        synchronized (this) {
            windows.add(who);
            windows.select(who);
        }
        out.windowsChanged();
    }

    /** Switches by name or 1-based number; returns false if there is no such window. */
    public boolean switchTo(String nameOrNumber) {
        boolean ok;
        synchronized (this) {
            ok = nameOrNumber.chars().allMatch(Character::isDigit) && !nameOrNumber.isEmpty()
                    ? windows.select(Integer.parseInt(nameOrNumber)) : windows.select(nameOrNumber);
        }
        if (ok) out.windowsChanged();
        return ok;
    }

    /** Closes a query window (channels close when the PART comes back). */
    public boolean closeQuery(String who) {
        boolean ok;
        synchronized (this) {
            ok = !Line.isChannel(who) && windows.remove(who);
        }
        if (ok) out.windowsChanged();
        return ok;
    }

    /** /nick: the server's NICK echo changes our nick; it is also the one used after a reconnect. */
    public void changeNick(String newNick) {
        synchronized (this) {
            if (!registered) preferredNick = newNick;
        }
        send(Message.of(null, "NICK", newNick));
    }

    /**
     * Sends QUIT and waits (bounded) for the server to close the connection, so everything sent before
     * has been processed: pipe mode relies on this to deliver its last lines before exiting.
     */
    public void quit(String reason) {
        quitting = true;
        quitRequested.countDown();
        IrcConnection c;
        synchronized (this) {
            c = conn;
        }
        try {
            if (c != null) {
                try {
                    c.send(Message.of(null, "QUIT", reason));
                } catch (IOException ignored) {
                    // already gone: nothing to flush
                }
            }
            if (network == null || !stopped.await(3, TimeUnit.SECONDS)) {
                if (c != null) c.close();
                if (network != null) stopped.await(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (network == null) stopped.countDown();
        }
    }
}
