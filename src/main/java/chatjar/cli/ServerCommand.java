package chatjar.cli;

import chatjar.net.Layer;
import chatjar.net.LineFramer;
import chatjar.net.Listener;
import chatjar.net.Transport;
import chatjar.net.reactor.EventLoop;
import chatjar.net.tls.TlsLayer;
import chatjar.server.ChatServer;
import chatjar.server.Console;
import chatjar.server.ServerConfig;
import chatjar.server.Storage;
import chatjar.server.history.HistorySettings;
import chatjar.store.StoreStartException;
import picocli.CommandLine.Command;
import chatjar.server.config.ConfigException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code chat.jar server}: parse options, build the config, start the reactor and the console. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, showDefaultValues = true,
        description = {"Run the chat server: IRC for irssi, WeeChat, HexChat and bots; plain text for nc and telnet.",
                "All connections are served by ONE event-loop thread (a Java NIO Selector).",
                "Type a line on the console to notice every user; /help lists console commands.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly (SIGTERM, Ctrl-C, /shutdown)", "1:cannot listen or other runtime failure",
                "2:invalid options or config file"})
public final class ServerCommand implements Callable<Integer> {
    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "TCP port for plain IRC and plain-text connections.")
    int port = 20000;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on. The default exposes nothing beyond this machine; use 0.0.0.0 or :: to serve a network.")
    String bind = "127.0.0.1";

    @Option(names = "--name", paramLabel = "NAME", description = "Server name shown to clients.")
    String name = "chat.local";

    @Option(names = "--network", paramLabel = "NAME", description = "Network name shown in the welcome and in ISUPPORT.")
    String network = "chatjar";

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (see docs/operations.md); options given here override it. Reloaded by REHASH and SIGHUP.")
    Path config;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Server password clients must send with PASS (none by default).", arity = "1")
    String password;

    @Option(names = "--motd", paramLabel = "FILE", description = "Message of the day, one line per line of the file.")
    Path motd;

    @Option(names = "--accounts", paramLabel = "FILE", description = "SASL PLAIN accounts, one 'name hash' line each (hash from: chat.jar passwd). Without it SASL is not offered. Reloaded by REHASH and SIGHUP.")
    Path accounts;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where history and accounts are kept (SQLite, created on first start). Back it up with VACUUM INTO; see docs/operations.md.")
    Path dataDir = Path.of("data");

    @Option(names = "--no-store", description = "Keep history in memory only (recent lines per channel, gone at exit); no data directory.")
    boolean noStore;

    @Option(names = "--history-max-age", paramLabel = "DAYS", description = "Delete history older than this (hourly); 0 keeps it forever.")
    int historyMaxAgeDays;

    @Option(names = "--history-max-lines", paramLabel = "N", description = "Keep at most this many events per channel or conversation (hourly); 0 for no limit.")
    int historyMaxLines;

    @Option(names = "--replay-lines", paramLabel = "N", description = "Lines of a channel replayed on join to plain-text (nc, telnet) users; 0 for none.")
    int replayLines = HistorySettings.defaults().replayPlain();

    @Option(names = "--replay-irc-lines", paramLabel = "N", description = "Lines replayed on join to IRC clients without draft/chathistory; 0 (the default) for none.")
    int replayIrcLines = HistorySettings.defaults().replayIrc();

    @Option(names = "--nick-grace", paramLabel = "SECONDS", description = "Time a user on a nick another account owns has to log in before being renamed to Guest-N; 0 renames at once.")
    int nickGrace = chatjar.server.accounts.NickGuard.DEFAULT_GRACE_SECONDS;

    @Option(names = "--default-channel", paramLabel = "CHANNEL", description = "Channel plain-text users join.")
    String defaultChannel = "#lobby";

    @Option(names = "--max-clients", paramLabel = "N", description = "Connections accepted at once; more are refused with an ERROR.")
    int maxClients = ServerConfig.Limits.defaults().maxClients();

    @Option(names = "--max-per-ip", paramLabel = "N", description = "Open connections per network (/32 IPv4, /64 IPv6); loopback is exempt unless the config file says otherwise.")
    int maxPerIp = ServerConfig.Limits.defaults().maxPerIp();

    @Option(names = "--sendq", paramLabel = "BYTES", description = "Output queued for one client before it is dropped (SendQ exceeded).")
    long sendq = ServerConfig.Limits.defaults().sendqBytes();

    @Option(names = "--flood-burst", paramLabel = "LINES", description = "Lines a client may send at once before fakelag slows it; 0 turns flood control off (benchmarks do).")
    int floodBurst = ServerConfig.Limits.defaults().floodBurst();

    @Option(names = "--flood-rate", paramLabel = "PER_SECOND", description = "Lines per second after the burst; a client far beyond it is dropped (Excess Flood).")
    double floodRate = ServerConfig.Limits.defaults().floodPerSecond();

    @Option(names = "--ping-interval", paramLabel = "SECONDS", description = "Silence after which a client is pinged.")
    int pingInterval = ServerConfig.Limits.defaults().pingIntervalSeconds();

    @Option(names = "--ping-timeout", paramLabel = "SECONDS", description = "Time to answer a PING before being dropped.")
    int pingTimeout = ServerConfig.Limits.defaults().pingTimeoutSeconds();

    @Option(names = "--registration-timeout", paramLabel = "SECONDS", description = "Time allowed to finish registering (or to type a first line).")
    int registrationTimeout = ServerConfig.Limits.defaults().registrationTimeoutSeconds();

    @Option(names = "--io", paramLabel = "MODE", description = "Transport: reactor (one NIO thread, the default), threads (a blocking thread per connection) or virtual (virtual threads, Java 21+); the last two exist to compare against.")
    IoMode io = IoMode.reactor;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "Log level: error, warn, info, debug.")
    String logLevel = "info";

    @Option(names = "--log-messages", description = "Log every received line with its peer address.")
    boolean logMessages;

    @Option(names = "--console", description = "Read operator commands from standard input even when it is not a terminal.")
    boolean console;

    @Option(names = "--cluster", paramLabel = "REDIS_URI", description = "Join a network of nodes through this Redis, e.g. redis://127.0.0.1:6379 (see docs/cluster.md). Without it this server is the whole network.")
    String cluster;

    @Option(names = "--node-name", paramLabel = "NAME", description = "This node's name in the cluster, unique among the nodes (default: the server name).")
    String nodeName;

    @Option(names = "--cluster-timeout", paramLabel = "SECONDS", description = "Silence after which a node is taken for dead: its users quit on the others and its nicks are freed.")
    double clusterTimeout = 5;

    /** Where a cluster node keeps history and accounts. */
    enum ClusterStore { redis, local }

    @Option(names = "--cluster-store", paramLabel = "redis|local", description = "With --cluster: history and accounts in the cluster's Redis, shared by every node (default), or local to this node (--data-dir / --no-store).")
    ClusterStore clusterStore = ClusterStore.redis;

    @Mixin
    WebOptions webOptions = new WebOptions();

    @Mixin // last in --help: most servers run without TLS, or behind a proxy that does it
    TlsOptions tls = new TlsOptions();

    @Spec
    CommandSpec spec;

    static final List<String> DEFAULT_MOTD = List.of(
            "Welcome to chat.jar: many people, one event-loop thread.",
            "Join a channel with /join #lobby. Be kind.");

    @Override
    public Integer call() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        ServerSetup.Result setup;
        try {
            setup = ServerSetup.resolve(this, spec);
        } catch (ConfigException e) {
            return fail(2, e.getMessage());
        }
        ServerConfig config = setup.config();
        if (io == IoMode.virtual && Runtime.version().feature() < 21) {
            return fail(2, "--io virtual needs Java 21 or newer; this is Java " + Runtime.version().feature());
        }
        HistorySettings historySettings;
        try {
            historySettings = StorageSetup.settings(this);
        } catch (ConfigException e) {
            return fail(2, e.getMessage());
        }
        Storage storage;
        try {
            storage = StorageSetup.open(this, historySettings, nodeName != null ? nodeName : config.name());
        } catch (StoreStartException e) {
            return fail(1, e.getMessage());
        }
        try {
            return run(setup, config, storage, historySettings);
        } finally {
            storage.close(); // after the loop has stopped: flushes what the writer still holds
        }
    }

    private int run(ServerSetup.Result setup, ServerConfig config, Storage storage, HistorySettings historySettings) {
        ChatServer server = new ChatServer(config, storage, historySettings);
        server.setAccounts(setup.accounts());
        if (server.nickGuard() != null) server.nickGuard().setGraceSeconds(nickGrace);
        chatjar.net.tls.ServerTls serverTls;
        try {
            serverTls = tls.build(config.name(), config.tls()); // before the loop starts: keytool and file reads block
        } catch (TlsOptions.TlsSetupException e) {
            return fail(2, e.getMessage());
        }
        if (serverTls != null && io != IoMode.reactor) return fail(2, "TLS is served by the reactor only: drop --io " + io);
        WebWiring web = null; // the web client, WebSocket and /metrics: reactor only, like TLS
        if (webOptions.web || webOptions.httpPort != null) {
            if (io != IoMode.reactor) {
                if (webOptions.httpPort != null) return fail(2, "The web is served by the reactor only: drop --io " + io);
            } else {
                try {
                    web = new WebWiring(server, webOptions.settings());
                } catch (IllegalArgumentException e) {
                    return fail(2, e.getMessage());
                }
            }
        }
        boolean sameport = web != null && webOptions.web;
        // Every listener and its layer stack, socket side first: the one place connections are assembled.
        Layer.Factory lines = LineFramer.factory(config.maxFrame());
        List<Listener> listeners = new java.util.ArrayList<>();
        for (ServerSetup.Listener l : setup.listeners()) {
            listeners.add(new Listener(new InetSocketAddress(l.bind(), l.port()),
                    sameport ? List.of(web.shared(false), lines) : List.of(lines)));
        }
        if (serverTls != null) {
            InetSocketAddress at = new InetSocketAddress(tls.bind(config.tls(), setup.listeners().get(0).bind()), tls.port(config.tls()));
            Layer.Factory tlsLayer = TlsLayer.factory(serverTls, tls.handshakeTimeout * 1000L);
            listeners.add(new Listener(at, sameport ? List.of(tlsLayer, web.shared(true), lines) : List.of(tlsLayer, lines)));
        }
        if (web != null && webOptions.httpPort != null) {
            InetSocketAddress at = new InetSocketAddress(setup.listeners().get(0).bind(), webOptions.httpPort);
            listeners.add(new Listener(at, List.of(web.httpOnly(false), lines)));
        }
        Transport loop;
        List<InetSocketAddress> bound = new java.util.ArrayList<>();
        try {
            loop = io.create(web == null ? server : web.protocol(server), config.maxFrame());
            if (web != null) web.attach((EventLoop) loop);
            for (Listener l : listeners) bound.add(loop.listen(l));
        } catch (IOException e) {
            return fail(1, e.getMessage());
        }
        chatjar.cluster.redis.RedisNetwork network = null;
        if (cluster != null) {
            try { // blocking, once, before the loop serves anyone
                network = chatjar.cluster.redis.RedisNetwork.connect(new chatjar.cluster.redis.RedisNetwork.Options(
                        cluster, nodeName != null ? nodeName : config.name(), Math.max(500, (long) (clusterTimeout * 1000))));
            } catch (IllegalStateException e) {
                return fail(1, e.getMessage());
            }
            network.attach(server);
        }
        Runnable drainLog = AsyncStderr.install(); // from here on, nothing may block the loop, not even stderr
        server.rehash().setLoader(this.config == null ? "command line" : this.config.toString(),
                TlsOptions.reloadingCertificate(ServerSetup.reloader(spec, setup.listeners()), serverTls));
        List<String> jvm = Footprint.apply();
        if (!jvm.isEmpty()) org.slf4j.LoggerFactory.getLogger(ServerCommand.class).debug("heap settings: {}", String.join(" ", jvm));
        server.start(loop);
        if (network != null) { // before the loop runs: the first client's NICK already needs the cluster
            network.start(loop);
            System.err.println("chat.jar server is node '" + network.node() + "' of the cluster at "
                    + chatjar.cluster.redis.RedisNetwork.redact(cluster));
        }
        loop.start();
        for (int i = 0; i < bound.size(); i++) {
            InetSocketAddress a = bound.get(i);
            System.err.println("chat.jar server listening on " + a.getHostString() + ":" + a.getPort() + " ("
                    + describe(listeners.get(i), a, serverTls) + ")");
        }
        System.err.println("chat.jar history " + (storage.history().sharedByNodes() ? "and accounts kept in " + storage.history()
                : storage.backup() == null ? "in memory only (--no-store)"
                : "kept in " + storage.backup().file().toAbsolutePath().normalize()));

        CountDownLatch done = new CountDownLatch(1);
        Runnable stop = () -> {
            loop.shutdown(server::shutdownNotice, 3000);
            done.countDown();
        };
        Signals.onTerminate(stop);
        Signals.onHangup(() -> loop.execute(() -> server.rehash().start("SIGHUP", summary -> { })));
        if (console || System.console() != null) Console.start(server, loop, stop);
        if (loop instanceof EventLoop reactor) {
            // If the loop itself dies (a fatal error), say so and exit non-zero so a supervisor restarts us.
            Thread watch = new Thread(() -> {
                try {
                    if (reactor.awaitTermination()) {
                        crashed = true;
                        done.countDown();
                    }
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
            }, "reactor-watch");
            watch.setDaemon(true);
            watch.start();
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (network != null) network.close(); // after the loop: its users' QUITs have been published
        System.err.println(crashed ? "chat.jar server stopped: the event loop failed (see above)" : "chat.jar server stopped");
        drainLog.run();
        return crashed ? 1 : 0;
    }

    private volatile boolean crashed;

    /** What a listener serves, from its stack, for the start-up lines. */
    private static String describe(Listener l, InetSocketAddress bound, chatjar.net.tls.ServerTls serverTls) {
        String stack = l.layers().toString();
        boolean tls = stack.contains("tls");
        if (stack.contains("http")) return "http and websocket: a browser at " + url(bound);
        String what = tls ? "irc over TLS 1.2/1.3; " + serverTls.describe() : "irc and plain text";
        if (stack.contains("web")) what += tls ? "; https and wss too" : "; a browser at " + url(bound);
        return tls ? what : what + "; Ctrl-C to stop";
    }

    private static String url(InetSocketAddress a) {
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        if (host.contains(":")) host = "[" + host + "]";
        return "http://" + host + ":" + a.getPort() + "/";
    }

    private static int fail(int code, String message) {
        System.err.println(message);
        return code;
    }
}
