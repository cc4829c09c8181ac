package chatjar.server;

import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.Relay;
import chatjar.server.caps.ServerTime;
import chatjar.irc.Message;
import chatjar.irc.Text;
import chatjar.net.Link;
import chatjar.net.LinkHandler;
import chatjar.net.Protocol;
import chatjar.net.Scheduler;
import chatjar.server.accounts.AccountService;
import chatjar.server.accounts.AccountsSetup;
import chatjar.server.accounts.NickGuard;
import chatjar.server.auth.HashWorker;
import chatjar.server.caps.AccountStore;
import chatjar.server.caps.Accounts;
import chatjar.server.caps.Cap;
import chatjar.server.caps.CapHandlers;
import chatjar.server.caps.ChghostHandler;
import chatjar.server.caps.Monitor;
import chatjar.server.caps.SaslHandlers;
import chatjar.server.caps.SetnameHandler;
import chatjar.server.handlers.ChannelHandlers;
import chatjar.server.handlers.ChannelQueries;
import chatjar.server.handlers.InfoHandlers;
import chatjar.server.handlers.Membership;
import chatjar.server.handlers.MessageHandlers;
import chatjar.server.handlers.Messaging;
import chatjar.server.handlers.ModeHandlers;
import chatjar.server.handlers.Nicks;
import chatjar.server.handlers.OperHandlers;
import chatjar.server.handlers.QueryHandlers;
import chatjar.server.handlers.RegistrationHandlers;
import chatjar.server.handlers.Registrar;
import chatjar.server.handlers.Welcome;
import chatjar.server.handlers.WhowasHandler;
import chatjar.server.history.ChatHistoryHandlers;
import chatjar.server.history.HistoryRecorder;
import chatjar.server.history.HistorySettings;
import chatjar.server.history.JoinReplay;
import chatjar.server.history.StorePressure;
import chatjar.server.limits.ConnectionLimiter;
import chatjar.state.Channel;
import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.Users;
import chatjar.store.MsgIds;
import chatjar.store.StoreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.function.Supplier;

import static chatjar.irc.Numerics.*;

/**
 * The IRC server as a {@link Protocol}: the composition root that builds the registries, the reply writer and
 * every handler family with exactly the collaborators it uses, and the entry for each new link. Runs entirely
 * on the transport's protocol thread, so nothing here takes a lock.
 */
public final class ChatServer implements Protocol {
    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

    /** Replaced as a whole by a rehash; collaborators read it through {@link #configs} rather than caching it. */
    private ServerConfig config;
    private final Supplier<ServerConfig> configs = () -> config;
    /** What senders are metered by: the configured limits, slowed while the history writer is behind. */
    private final StorePressure pressure = new StorePressure();
    private final Supplier<ServerConfig.Limits> limits = () -> pressure.limits(config.limits());
    private final ServerInfo info;
    private final DeferredScheduler loop = new DeferredScheduler();
    private final Users users = new Users();
    private final Channels channels = new Channels();
    private final Commands commands = new Commands();
    private final Stats stats = new Stats();
    private final AccountStore accounts = new AccountStore();
    private final Replies replies;
    private final Monitor monitor;
    private final Relay relay;
    private final PlainText plain;
    private final ConnectionLimiter limiter;
    private final Rehash rehash;
    private final HashWorker hashWorker;
    private final Liveness liveness;
    private final ServerAdmin admin;
    private final WhowasHandler whowas;
    /** The other nodes, if any; replaced once by a cluster before the server starts. */
    private Network network = Network.LOCAL;
    private final Storage storage;
    private final HistorySettings historySettings;
    private final AccountService accountService;
    private final NickGuard nickGuard;

    /** Memory-only history, no account store (SASL only against an {@code --accounts} file): tests and embedders. */
    public ChatServer(ServerConfig config) {
        this(config, Storage.memory(), HistorySettings.defaults());
    }

    /** Memory-only history with {@code accountStore} for REGISTER, NickServ and SASL (null for none). */
    public ChatServer(ServerConfig config, chatjar.store.AccountStore accountStore) {
        this(config, Storage.memory().withAccounts(accountStore), HistorySettings.defaults());
    }

    /** {@code storage}: history, and accounts where REGISTER/NickServ keep them (null accounts: none). */
    public ChatServer(ServerConfig config, Storage storage, HistorySettings historySettings) {
        chatjar.store.AccountStore accountStore = storage.accounts();
        this.config = config;
        this.storage = storage;
        this.historySettings = historySettings;
        this.info = ServerInfo.of(config);
        ServerConfig.Limits limits = config.limits(); // what ISUPPORT advertises: fixed for the server's life
        String name = info.name();
        ServerTime clock = new ServerTime();
        this.replies = new Replies(name, configs, clock);
        this.limiter = new ConnectionLimiter(limits);
        this.hashWorker = new HashWorker(loop);
        this.rehash = new Rehash(loop, configs, this::reconfigure, accounts);
        NameRules names = new NameRules(limits);
        this.monitor = new Monitor(replies, users, names);
        MsgIds msgIds = new MsgIds(storage.history().node(), storage.history().lastSeq());
        this.relay = new Relay(replies, users, monitor, clock, msgIds);
        Supplier<Network> net = () -> network;
        Welcome welcome = new Welcome(replies, users, channels, configs, info, loop, net);
        Registrar registrar = new Registrar(replies, users, configs, welcome, monitor, net);
        this.whowas = new WhowasHandler(replies, name);
        Nicks nicks = new Nicks(replies, relay, users, registrar, monitor, whowas, net);
        Membership membership = new Membership(replies, relay, channels, names, limits.channelsPerUser(), name);
        Messaging messaging = new Messaging(replies, relay, users, channels);

        new RegistrationHandlers(replies, names, nicks, registrar, name).register(commands);
        accounts.setBacked(accountStore != null);
        this.accountService = new AccountService(accountStore, accounts, hashWorker, loop, replies, relay,
                storage.history());
        CapHandlers capHandlers = new CapHandlers(replies, users, accounts, registrar, name);
        capHandlers.register(commands);
        accounts.onOfferChanged(offered -> capHandlers.offerChanged(Cap.SASL, offered));
        new SaslHandlers(replies, accountService, registrar).register(commands);
        monitor.register(commands);
        new SetnameHandler(replies, relay, users, name).register(commands);
        new ChghostHandler(replies, relay, users, name, net).register(commands);
        new ChannelHandlers(replies, relay, users, channels, membership, limits).register(commands);
        new ChannelQueries(replies, channels, membership).register(commands);
        new ModeHandlers(replies, relay, users, channels, limits.maxBans(), net).register(commands);
        new MessageHandlers(replies, relay, messaging, loop, limits).register(commands);
        new QueryHandlers(replies, users, channels, welcome, info, loop, net).register(commands);
        new OperHandlers(replies, relay, users, configs, hashWorker, rehash, loop, net).register(commands);
        whowas.register(commands);
        new InfoHandlers(replies, info, users).register(commands);
        this.plain = new PlainText(replies, users, membership, messaging, nicks, names, configs, commands, net);
        this.liveness = new Liveness(users, replies, configs, loop, limiter, name);
        ChatHistoryHandlers chathistory = new ChatHistoryHandlers(replies, users, channels, storage.history(), loop, clock, name);
        chathistory.register(commands);
        relay.addListener(new HistoryRecorder(storage.history(), users, msgIds));
        relay.addListener(new JoinReplay(storage.history(), loop, replies, chathistory, historySettings));
        this.admin = new ServerAdmin(users, channels, replies, stats, this::historyStats);
        this.nickGuard = AccountsSetup.install(accountService, commands, replies, users, names, registrar, nicks,
                messaging, relay, name);
    }

    /** The store's line in the console's /stats. */
    private String historyStats() {
        StoreStats s = storage.history().stats();
        if (storage.backup() == null && !storage.history().sharedByNodes()) {
            return String.format("history (memory only): %d events (%d KiB)", s.memoryEvents(), s.memoryBytes() >> 10);
        }
        String where = storage.backup() != null ? storage.backup().file().toString() : storage.history().toString();
        return String.format("history (%s): persisted %d, queued %d/%d%s, not persisted %d, write errors %d%s, in memory %d events (%d KiB)%s",
                where, s.persisted(), s.queued(), s.capacity(), s.behind() ? " BEHIND" : "", s.notPersisted(),
                s.writeErrors(), s.lastError() == null ? "" : " (last: " + s.lastError() + ")", s.memoryEvents(),
                s.memoryBytes() >> 10, pressure.episodes() == 0 ? "" : ", senders slowed " + pressure.episodes() + " time(s)");
    }

    /** The periodic retention purge, off the loop's hot path (the store works on its writer thread). */
    private void schedulePurge() {
        loop.schedule(historySettings.purgeEveryMillis(), () -> {
            storage.history().purge(loop::execute, (removed, error) -> {
                if (error != null) log.warn("history purge failed: {}", error.toString());
                else if (removed > 0) log.info("history purge removed {} events", removed);
                schedulePurge();
            });
        });
    }

    /** A received line as --log-messages shows it: controls escaped, and nothing that carries a password. */
    static String loggable(Message m) {
        String cmd = m.command();
        boolean secret = switch (cmd) {
            case "PASS", "OPER", "AUTHENTICATE", "REGISTER" -> true;
            case "PRIVMSG", "NOTICE" -> m.paramCount() > 0 && (m.param(0).equalsIgnoreCase("NickServ")
                    || m.param(0).toLowerCase(java.util.Locale.ROOT).startsWith("nickserv@"));
            default -> false;
        };
        return secret ? cmd + " (parameters not logged: they may hold a password)" : Text.escapeControls(m.toString());
    }

    /** Binds the server to its loop and starts the once-a-second check for timeouts. */
    public void start(Scheduler scheduler) {
        loop.bind(scheduler);
        liveness.start();
        pressure.watch(storage.history(), loop::execute);
        schedulePurge();
    }

    /** Applies a reloaded config on the loop thread; {@link Rehash} has kept what cannot change live. */
    private void reconfigure(ServerConfig next) {
        this.config = next;
        limiter.reconfigure(next.limits());
    }

    // ---- for the launcher, the console and tests (on the loop thread) ----

    public ServerConfig config() { return config; }
    public Rehash rehash() { return rehash; }
    public ServerAdmin admin() { return admin; }
    /** History and accounts; the launcher closes it once the loop has stopped. */
    public Storage storage() { return storage; }
    /** The SASL account store, or null when the server has none (then sasl is not offered). */
    public Accounts accounts() { return accounts.get(); }

    /**
     * Replaces the account store: at start-up, and on the loop when a REHASH re-read the file. When that makes sasl
     * appear or disappear, cap-notify clients are told with CAP NEW or CAP DEL.
     */
    public void setAccounts(Accounts next) { accounts.set(next); }
    /** Registration, logins and their throttles. */
    public AccountService accountService() { return accountService; }
    /** Nick ownership (grace period), or null without an account store. */
    public NickGuard nickGuard() { return nickGuard; }
    public Users users() { return users; }
    /** Counters for /stats and /metrics. */
    public Stats stats() { return stats; }
    /** Joins a network of nodes (chatjar.cluster); called once, before {@link #start}. */
    public void setNetwork(Network n) { network = n; }
    public Monitor monitor() { return monitor; }
    /** Where history and the cluster attach their {@link chatjar.server.relay.RelayListener}. */
    public Relay relay() { return relay; }
    public Channels channels() { return channels; }
    public Commands commands() { return commands; }
    public ConnectionLimiter limiter() { return limiter; }
    public long refusedTotal() { return stats.refusedTotal(); }
    /** Every connected client gets {@code ERROR :Server shutting down}; the transport then flushes and closes. */
    public void shutdownNotice() { admin.shutdownNotice(); }

    // ---- the link entry ----

    @Override
    public LinkHandler open(Link link) {
        long now = loop.nowMillis();
        ConnectionLimiter.Admission admission = limiter.admit(link.remoteAddress(), now);
        if (!admission.admitted()) return refuse(link, admission.verdict());
        String host = link.remoteAddress();
        if (host.startsWith(":")) host = "0" + host; // an IPv6 host must not start a parameter with ':'
        Client c = new Client(host.intern(), now);
        LocalUser u = new LocalUser(this, c, link, admission, now);
        stats.connectionsTotal++;
        users.connected(c);
        log.info("connect #{} from {}", link.id(), link.remoteAddress());
        // Nothing is sent before the first line: plain-text users get their hint once they turn out to be one
        // (PlainText), and IRC clients never see it.
        return u;
    }

    /**
     * Refused before any state exists: one ERROR line, then close. Logged at debug only, since a connection
     * flood would otherwise become a log flood; {@link Stats#refusedTotal} counts them.
     */
    private LinkHandler refuse(Link link, ConnectionLimiter.Verdict why) {
        stats.refusedTotal++;
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

    // ---- called by LocalUser ----

    Scheduler loop() { return loop; }
    Supplier<ServerConfig.Limits> limits() { return limits; }
    public Replies replies() { return replies; }
    PlainText plain() { return plain; }

    /** One received line, already decoded and parsed. Its replies, errors included, share its label. */
    void dispatch(LocalUser u, Message m) {
        Client c = u.client;
        stats.linesIn++;
        if (config.logMessages()) log.info("<< #{} {} {}", u.link.id(), c.host, loggable(m));
        replies.beginCommand(u, m);
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
    void refuseInvalidUtf8(LocalUser u, Message m) {
        Client c = u.client;
        stats.linesIn++;
        replies.beginCommand(u, m);
        try {
            replies.send(c, ":" + info.name() + " FAIL " + m.command() + " INVALID_UTF8 :Message rejected: it is not valid UTF-8, which this server requires (UTF8ONLY)");
        } finally {
            replies.endCommand();
        }
    }

    /** The command table's preconditions, checked once so handlers hold only their command's own logic. */
    private void run(Client c, Message m) {
        Commands.Command cmd = commands.find(m.command());
        if (cmd == null) {
            if (c.registered) replies.numeric(c, ERR_UNKNOWNCOMMAND, m.command(), "Unknown command");
            else replies.numeric(c, ERR_NOTREGISTERED, "You have not registered");
            return;
        }
        if (!c.registered && !cmd.preRegistration()) {
            replies.numeric(c, ERR_NOTREGISTERED, "You have not registered");
            return;
        }
        if (m.paramCount() < cmd.minParams()) {
            replies.numeric(c, ERR_NEEDMOREPARAMS, m.command(), "Not enough parameters");
            return;
        }
        cmd.handler().handle(c, m);
    }

    /** The connection is gone: relay the QUIT once to every peer and forget the client. */
    void disconnected(LocalUser u, ConnectionLimiter.Admission admission, String reason) {
        Client c = u.client;
        limiter.release(admission);
        log.info("disconnect #{} from {} {} ({})", u.link.id(), c.host, c.nick == null ? "-" : c.nick,
                Text.escapeControls(reason));
        if (c.registered) {
            whowas.remember(c);
            relay.toPeers(relay.event(Kind.QUIT, c, null, ":" + c.prefix() + " QUIT :" + reason), c, false, false);
            for (Channel ch : new ArrayList<>(c.channels())) {
                ch.remove(c);
                channels.removeIfEmpty(ch);
            }
        }
        monitor.disconnected(c);
        network.disconnected(c);
        users.disconnected(c); // c.local stays: callbacks still running (a hash check) see a closed link
    }
}
