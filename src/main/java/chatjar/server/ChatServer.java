package chatjar.server;

import chatjar.irc.Message;
import chatjar.net.Link;
import chatjar.net.LinkHandler;
import chatjar.net.Protocol;
import chatjar.net.Scheduler;
import chatjar.server.caps.Accounts;
import chatjar.server.caps.CapHandlers;
import chatjar.server.caps.Monitor;
import chatjar.server.caps.ChghostHandler;
import chatjar.server.caps.SaslHandlers;
import chatjar.server.caps.SetnameHandler;
import chatjar.server.handlers.ChannelHandlers;
import chatjar.server.handlers.MessageHandlers;
import chatjar.server.handlers.ModeHandlers;
import chatjar.server.handlers.OperHandlers;
import chatjar.server.handlers.QueryHandlers;
import chatjar.server.handlers.RegistrationHandlers;
import chatjar.server.auth.HashWorker;
import chatjar.server.limits.ConnectionLimiter;
import chatjar.server.state.Channel;
import chatjar.server.state.Channels;
import chatjar.server.state.Client;
import chatjar.server.state.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The IRC server as a {@link Protocol}: registries, the command table and the periodic check for idle and
 * unregistered clients. Runs entirely on the transport's protocol thread, so nothing here takes a lock.
 */
public final class ChatServer implements Protocol {
    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

    /** Replaced as a whole by a rehash; read it afresh rather than caching what may change live. */
    private ServerConfig config;
    private final Users users = new Users();
    private final Channels channels = new Channels();
    private final Commands commands = new Commands();
    private final Replies replies;
    private final PlainText plain;
    private final ConnectionLimiter limiter;
    private final Rehash rehash = new Rehash(this);
    private HashWorker hashWorker;
    private final RegistrationHandlers registration;
    private final ChannelHandlers channelHandlers;
    private final MessageHandlers messageHandlers;
    private final String createdText;
    private Scheduler scheduler;
    private volatile Accounts accounts;
    private final Monitor monitor;
    private final CapHandlers capHandlers;
    private long linesIn;
    private long connectionsTotal;
    private long refusedTotal;

    public ChatServer(ServerConfig config) {
        this.config = config;
        this.replies = new Replies(this);
        this.createdText = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
        this.registration = new RegistrationHandlers(this);
        registration.register(commands);
        this.capHandlers = new CapHandlers(this);
        capHandlers.register(commands);
        new SaslHandlers(this).register(commands);
        this.monitor = new Monitor(this);
        monitor.register(commands);
        new SetnameHandler(this).register(commands);
        new ChghostHandler(this).register(commands);
        this.channelHandlers = new ChannelHandlers(this);
        channelHandlers.register(commands);
        new ModeHandlers(this).register(commands);
        this.messageHandlers = new MessageHandlers(this);
        messageHandlers.register(commands);
        new QueryHandlers(this).register(commands);
        new OperHandlers(this).register(commands);
        this.plain = new PlainText(this);
        this.limiter = new ConnectionLimiter(config.limits());
    }

    /** Binds the server to its loop and starts the once-a-second check for timeouts. */
    public void start(Scheduler scheduler) {
        this.scheduler = scheduler;
        scheduler.schedule(1000, this::cron);
    }

    public ServerConfig config() { return config; }
    public Rehash rehash() { return rehash; }

    /** The hashing worker, started on first use (OPER, SASL): most servers never need the thread. */
    public HashWorker hashWorker() {
        if (hashWorker == null) hashWorker = new HashWorker(scheduler);
        return hashWorker;
    }

    /** Applies a reloaded config on the loop thread; {@link Rehash} has kept what cannot change live. */
    void reconfigure(ServerConfig next) {
        this.config = next;
        limiter.reconfigure(next.limits());
    }
    public Scheduler scheduler() { return scheduler; }
    public Monitor monitor() { return monitor; }
    /** The SASL account store, or null when the server has none (then sasl is not offered). */
    public Accounts accounts() { return accounts; }

    /**
     * Replaces the account store: at start-up, and on the loop when a REHASH re-read the file. When that makes sasl
     * appear or disappear, cap-notify clients are told with CAP NEW or CAP DEL.
     */
    public void setAccounts(Accounts next) {
        boolean offered = accounts != null;
        this.accounts = next;
        if (offered != (next != null)) capHandlers.offerChanged(chatjar.server.caps.Cap.SASL, next != null);
    }
    public Users users() { return users; }
    public Channels channels() { return channels; }
    public Commands commands() { return commands; }
    public Replies replies() { return replies; }
    public RegistrationHandlers registration() { return registration; }
    public PlainText plain() { return plain; }
    public ChannelHandlers channelHandlers() { return channelHandlers; }
    public MessageHandlers messageHandlers() { return messageHandlers; }
    public String createdText() { return createdText; }
    public String name() { return config.name(); }
    public long now() { return scheduler == null ? System.nanoTime() / 1_000_000 : scheduler.nowMillis(); }
    public long linesIn() { return linesIn; }
    public long connectionsTotal() { return connectionsTotal; }
    public ConnectionLimiter limiter() { return limiter; }
    public long refusedTotal() { return refusedTotal; }

    @Override
    public LinkHandler open(Link link) {
        ConnectionLimiter.Admission admission = limiter.admit(link.remoteAddress(), now());
        if (!admission.admitted()) return refuse(link, admission.verdict());
        String host = link.remoteAddress();
        if (host.startsWith(":")) host = "0" + host; // an IPv6 host must not start a parameter with ':'
        Client c = new Client(link, host.intern(), now());
        connectionsTotal++;
        users.connected(c);
        log.info("connect #{} from {}", link.id(), link.remoteAddress());
        // Seen by nc/telnet users before they type; IRC clients treat it as an ordinary server notice.
        replies.send(c, ":" + name() + " NOTICE * :*** Welcome to " + config.network()
                + ". IRC clients: register as usual. Plain text: just type a line to chat in "
                + config.defaultChannel() + ".");
        return new Session(this, c, admission);
    }

    /**
     * Refused before any state exists: one ERROR line, then close. Logged at debug only, since a connection
     * flood would otherwise become a log flood; {@link #refusedTotal} counts them.
     */
    private LinkHandler refuse(Link link, ConnectionLimiter.Verdict why) {
        refusedTotal++;
        String error = switch (why) {
            case SERVER_FULL -> "ERROR :Closing Link: " + link.remoteAddress() + " (Server is full)";
            case TOO_MANY_FROM_HOST -> "ERROR :Too many connections from your host";
            default -> "ERROR :Your host is trying to (re)connect too fast -- throttled";
        };
        log.debug("refused #{} from {}: {}", link.id(), link.remoteAddress(), why);
        link.send(Replies.encode(error));
        link.close(why.name());
        return REFUSED;
    }

    private static final LinkHandler REFUSED = new LinkHandler() {
        @Override public void onLine(byte[] buf, int off, int len) { }
        @Override public void onLineTooLong() { }
        @Override public void onClose(String reason) { }
    };

    /** One received line, already decoded and parsed. Its replies, errors included, share its label. */
    void dispatch(Client c, Message m) {
        linesIn++;
        if (config.logMessages()) log.info("<< #{} {} {}", c.link.id(), c.host, m);
        replies.beginCommand(c, m);
        try {
            run(c, m);
        } finally {
            replies.endCommand();
        }
    }

    /**
     * utf8only: a line from a registered client that was not valid UTF-8 is answered with the standard reply
     * and not acted on, so nothing mangled is relayed. Labelled like any other reply to that command.
     */
    void refuseInvalidUtf8(Client c, Message m) {
        linesIn++;
        replies.beginCommand(c, m);
        try {
            replies.send(c, ":" + name() + " FAIL " + m.command() + " INVALID_UTF8 :Message rejected: it is not valid UTF-8, which this server requires (UTF8ONLY)");
        } finally {
            replies.endCommand();
        }
    }

    private void run(Client c, Message m) {
        Commands.Command cmd = commands.find(m.command());
        if (cmd == null) {
            if (c.registered) replies.numeric(c, "421", m.command(), "Unknown command");
            else replies.numeric(c, "451", "You have not registered");
            return;
        }
        if (!c.registered && !cmd.preRegistration()) {
            replies.numeric(c, "451", "You have not registered");
            return;
        }
        if (m.paramCount() < cmd.minParams()) {
            replies.numeric(c, "461", m.command(), "Not enough parameters");
            return;
        }
        cmd.handler().handle(c, m);
    }

    /** The connection is gone: relay the QUIT once to every peer and forget the client. */
    void disconnected(Client c, String reason) {
        log.info("disconnect #{} from {} {} ({})", c.link.id(), c.host, c.nick == null ? "-" : c.nick, reason);
        if (c.registered) {
            replies.toPeers(c, ":" + c.prefix() + " QUIT :" + reason, false, users);
            for (Channel ch : new ArrayList<>(c.channels())) {
                ch.remove(c);
                channels.removeIfEmpty(ch);
            }
        }
        monitor.disconnected(c);
        users.disconnected(c);
    }

    /** {@code ERROR :Closing Link: host (reason)} and close; the QUIT peers see carries the same reason. */
    public void closeWithError(Client c, String reason) {
        if (!c.link.isOpen()) return;
        replies.send(c, "ERROR :Closing Link: " + c.host + " (" + reason + ")");
        c.link.close(reason);
    }

    /** Past its sendq a client is dropped and its queued output released at once. */
    void dropSlowConsumer(Client c) {
        if (!c.link.isOpen()) return;
        log.warn("dropping {} : SendQ exceeded ({} bytes pending)", c, c.link.pendingBytes());
        c.link.discardPending();
        closeWithError(c, "SendQ exceeded");
    }

    /** Once a second: ping the quiet, drop the silent and the never-registered. O(clients), like serverCron. */
    private void cron() {
        long now = now();
        ServerConfig.Limits l = config.limits();
        long pingAfter = l.pingIntervalSeconds() * 1000L;
        long deadAfter = l.pingTimeoutSeconds() * 1000L;
        long regTimeout = l.registrationTimeoutSeconds() * 1000L;
        List<Client> drop = null;
        for (Client c : users.all()) {
            if (!c.registered) {
                if (now - c.connectedAt > regTimeout) (drop == null ? drop = new ArrayList<>() : drop).add(c);
            } else if (c.plain) {
                continue; // a nc user cannot answer PING; TCP tells us when they are gone
            } else if (c.pingSentAt != 0) {
                if (now - c.pingSentAt > deadAfter) (drop == null ? drop = new ArrayList<>() : drop).add(c);
            } else if (now - c.lastActive > pingAfter) {
                c.pingSentAt = now;
                replies.send(c, "PING :" + name());
            }
        }
        if (drop != null) {
            for (Client c : drop) {
                if (c.registered) closeWithError(c, "Ping timeout: " + (now - c.lastActive) / 1000 + " seconds");
                else closeWithError(c, "Registration timed out");
            }
        }
        limiter.sweep(now);
        String refusals = limiter.takeReport(now);
        if (refusals != null) log.info(refusals);
        scheduler.schedule(1000, this::cron);
    }

    // ---- operator console ----

    /** Every connected client gets {@code ERROR :Server shutting down}; the transport then flushes and closes. */
    public void shutdownNotice() {
        for (Client c : new ArrayList<>(users.all())) {
            replies.send(c, "ERROR :Server shutting down");
            c.link.close("Server shutting down");
        }
    }

    /** A notice from the operator's console to every registered user. */
    public void noticeAll(String text) {
        for (Client c : users.all()) if (c.registered) replies.serverNotice(c, text);
    }

    public String stats() {
        Runtime rt = Runtime.getRuntime();
        return String.format("clients %d (registered %d, max %d), channels %d, lines in %d, connections total %d (refused %d), heap %d MiB used",
                users.count(), users.registeredCount(), users.maxRegistered(), channels.count(), linesIn,
                connectionsTotal, refusedTotal, (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    public List<String> userList() {
        List<String> out = new ArrayList<>();
        for (Client c : users.all()) {
            out.add(String.format("%-16s %-15s %s%s", c.nick == null ? "(unregistered)" : c.nick, c.host,
                    c.plain ? "plain " : "", c.channels().stream().map(ch -> ch.name).toList()));
        }
        return out;
    }

    /** Disconnects a user from the console; false if no such nick. */
    public boolean kill(String nick, String reason) {
        Client c = users.find(nick);
        if (c == null) return false;
        closeWithError(c, "Killed by the operator" + (reason == null || reason.isBlank() ? "" : ": " + reason));
        return true;
    }
}
