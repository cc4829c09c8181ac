package chatjar.client;

import chatjar.client.Line.Kind;
import chatjar.irc.Message;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One IRC connection over time: connects, registers, answers PING, and reconnects with exponential backoff and
 * jitter when the server drops us (never after /quit); {@link Session} keeps what the session knows.
 *
 * <p>Threads: a network thread reads and applies server lines; the input thread (terminal or pipe) calls the
 * public methods; the connection's writer thread alone touches the socket's output. {@code conn} is guarded by
 * {@code this}, the session by its own monitor. No lock is held while writing (sends only queue) nor while
 * calling {@link Output}, because the screen takes its own lock and calls back (completion, Alt+number).
 */
public final class ChatClient {
    private final ClientConfig config;
    private final Output out;
    private final Session session;
    private final CountDownLatch quitRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean quitting;
    private Thread network;

    // Guarded by this.
    private IrcConnection conn;

    public ChatClient(ClientConfig config, Output out) {
        this.config = config;
        this.out = out;
        this.session = new Session(config);
    }

    /** The server refused the account's login; {@link #getMessage()} is the one line to show. */
    public static final class LoginFailed extends IOException {
        LoginFailed(String line) {
            super(line);
        }
    }

    /**
     * Connects and registers; with an account, also waits until the login succeeded or failed. The caller reports
     * a failure (there is no retry for the first connection); a {@link LoginFailed} is already one clear line.
     */
    public void connect() throws IOException {
        IrcConnection c = IrcConnection.open(config);
        synchronized (this) {
            conn = c;
        }
        try {
            register(c);
            if (config.account() != null) awaitLogin(c);
        } catch (IOException e) {
            synchronized (this) {
                conn = null;
            }
            c.close();
            throw e;
        }
    }

    /** Reads (on the caller's thread: the network thread is not running yet) until the login has an outcome. */
    private void awaitLogin(IrcConnection c) throws IOException {
        c.idleTimeout((int) config.connectTimeout().toMillis());
        while (session.loginPending()) {
            String raw;
            try {
                raw = c.readLine();
            } catch (SocketTimeoutException e) {
                throw new LoginFailed("Login as " + config.account() + " failed: the server did not answer");
            }
            if (raw == null) throw new LoginFailed("Login as " + config.account() + " failed: the server closed the connection");
            onLine(c, raw);
        }
        String failure = session.loginFailure();
        if (failure != null) throw new LoginFailed(failure);
    }

    /** Starts the network thread; call after {@link #connect()} succeeded. */
    public void start() {
        network = new Thread(this::run, "client-network");
        network.setDaemon(true);
        network.start();
    }

    /** One line for a failed connection, as the user sees it: "cannot connect to host:port: connection refused". */
    public static String describe(ClientConfig config, IOException e) {
        if (e instanceof LoginFailed) return e.getMessage();
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
        String n = session.registering(c.secure());
        // CAP first: an IRCv3 server then waits for CAP END, so the login happens before the welcome.
        c.send(Message.of(null, "CAP", "LS", "302"));
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
                }
                session.disconnected();
                if (quitting) break;
                show(Line.of(Kind.STATUS, null, "Disconnected from " + config.address() + why));
                c = reconnect();
            }
        } finally {
            stopped.countDown();
            session.stopped();
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
            long delay = session.nextDelay();
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
        Session.Reaction r = session.apply(m, quitting);
        for (Message reply : r.send()) c.send(reply);
        for (Line l : r.show()) out.show(l);
        if (r.windowsChanged()) out.windowsChanged();
    }

    // ---- called by the input side ------------------------------------------------------------------

    public String nick() {
        return session.nick();
    }

    public String current() {
        return session.current();
    }

    public List<String> windows() {
        return session.windows();
    }

    /** How the server compares nicks and channel names (its CASEMAPPING). */
    Casemap casemap() {
        return session.casemap();
    }

    public boolean isConnected() {
        synchronized (this) {
            if (conn == null) return false;
        }
        return session.registered();
    }

    /** Members of {@code channel} as NAMES and JOINs told us, for tab completion. */
    public List<String> membersOf(String channel) {
        return session.membersOf(channel);
    }

    /** Waits until registered and the start-up channels are joined (or refused), or the client stopped. */
    public boolean awaitReady(long timeoutMillis) throws InterruptedException {
        return session.awaitReady(timeoutMillis, this::isStopped);
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
            // With echo-message the server's copy, with its msgid, is what we show (once, also in scrollback).
            if (!session.echoes()) show(Line.chat(kind, target, nick(), piece, true));
        }
    }

    /**
     * Registers an account named {@code account} (null: the nick) with {@code password}: with {@code REGISTER} where
     * the server offers draft/account-registration, else through NickServ. The answer arrives as a line.
     */
    public void registerAccount(String account, String password) {
        String name = account == null ? nick() : account;
        show(Line.of(Kind.STATUS, null, "Registering the account " + name + " ..."));
        if (session.registrationCommand()) send(Message.of(null, "REGISTER", account == null ? "*" : account, "*", password));
        else send(Message.of(null, "PRIVMSG", "NickServ", "REGISTER " + password));
    }

    /** Opens (or switches to) a query window with {@code nick}. */
    public void openQuery(String who) {
        session.openQuery(who);
        out.windowsChanged();
    }

    /** Switches by name or 1-based number; returns false if there is no such window. */
    public boolean switchTo(String nameOrNumber) {
        boolean ok = session.switchTo(nameOrNumber);
        if (ok) out.windowsChanged();
        return ok;
    }

    /** Closes a query window (channels close when the PART comes back) and says where typed lines go now. */
    public boolean closeQuery(String who) {
        List<Line> lines = new ArrayList<>(1);
        boolean ok = session.closeQuery(who, lines);
        lines.forEach(out::show);
        if (ok) out.windowsChanged();
        return ok;
    }

    /** /nick: the server's NICK echo changes our nick; it is also the one used after a reconnect. */
    public void changeNick(String newNick) {
        session.preferNick(newNick);
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
            // Never waits on a full queue: a stuck server must not keep the user from leaving.
            if (c != null) c.offer(Message.of(null, "QUIT", reason));
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
