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
                "Type a line on the console to notice every user; /help lists console commands."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly (SIGTERM, Ctrl-C, /shutdown)", "1:cannot listen or other runtime failure",
                "2:invalid options or config file"})
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (see docs/operations.md); options given here override it. Reloaded by REHASH and SIGHUP.")
    Path config;

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Mixin
    WebOptions webOptions = new WebOptions();

    @Option(names = "--bind", description = "Address to listen on. The default exposes nothing beyond this machine; use 0.0.0.0 or :: to serve a network.")
    String bind = "127.0.0.1";

    @Option(names = {"-p", "--port"}, description = "TCP port for plain IRC and plain-text connections.")
    int port = 20000;

    @Option(names = "--name", description = "Server name shown to clients.")
    String name = "chat.local";

    @Option(names = "--network", description = "Network name shown in the welcome and in ISUPPORT.")
    String network = "chatjar";

    @Option(names = "--password", description = "Server password clients must send with PASS (none by default).", arity = "1")
    String password;

    @Option(names = "--motd", paramLabel = "FILE", description = "Message of the day, one line per line of the file.")
    Path motd;

    @Option(names = "--accounts", paramLabel = "FILE", description = "SASL PLAIN accounts, one 'name hash' line each (hash from: chat.jar passwd). Without it SASL is not offered. Reloaded by REHASH and SIGHUP.")
    Path accounts;

    @Option(names = "--default-channel", description = "Channel plain-text users join.")
    String defaultChannel = "#lobby";

    @Option(names = "--log-messages", description = "Log every received line with its peer address.")
    boolean logMessages;

    @Option(names = "--log-level", description = "Log level: error, warn, info, debug.")
    String logLevel = "info";

    @Option(names = "--io", description = "Transport: reactor (one NIO thread, the default), threads (a blocking thread per connection) or virtual (virtual threads, Java 21+); the last two exist to compare against.")
    IoMode io = IoMode.reactor;

    @Option(names = "--flood-burst", paramLabel = "LINES", description = "Lines a client may send at once before fakelag slows it; 0 turns flood control off (benchmarks do).")
    int floodBurst = ServerConfig.Limits.defaults().floodBurst();

    @Option(names = "--console", description = "Read operator commands from standard input even when it is not a terminal.")
    boolean console;

    @Option(names = "--max-clients", description = "Connections accepted at once; more are refused with an ERROR.")
    int maxClients = ServerConfig.Limits.defaults().maxClients();

    @Option(names = "--sendq", paramLabel = "BYTES", description = "Output queued for one client before it is dropped (SendQ exceeded).")
    long sendq = ServerConfig.Limits.defaults().sendqBytes();

    @Option(names = "--ping-interval", paramLabel = "SECONDS", description = "Silence after which a client is pinged.")
    int pingInterval = ServerConfig.Limits.defaults().pingIntervalSeconds();

    @Option(names = "--ping-timeout", paramLabel = "SECONDS", description = "Time to answer a PING before being dropped.")
    int pingTimeout = ServerConfig.Limits.defaults().pingTimeoutSeconds();

    @Option(names = "--registration-timeout", paramLabel = "SECONDS", description = "Time allowed to finish registering (or to type a first line).")
    int registrationTimeout = ServerConfig.Limits.defaults().registrationTimeoutSeconds();

    @Option(names = "--max-per-ip", description = "Open connections per network (/32 IPv4, /64 IPv6); loopback is exempt unless the config file says otherwise.")
    int maxPerIp = ServerConfig.Limits.defaults().maxPerIp();

    @Option(names = "--flood-rate", paramLabel = "PER_SECOND", description = "Lines per second after the burst; a client far beyond it is dropped (Excess Flood).")
    double floodRate = ServerConfig.Limits.defaults().floodPerSecond();

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
        ChatServer server = new ChatServer(config);
        server.setAccounts(setup.accounts());
        if (io == IoMode.virtual && Runtime.version().feature() < 21) {
            return fail(2, "--io virtual needs Java 21 or newer; this is Java " + Runtime.version().feature());
        }
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
        Runnable drainLog = AsyncStderr.install(); // from here on, nothing may block the loop, not even stderr
        server.rehash().setLoader(this.config == null ? "command line" : this.config.toString(),
                TlsOptions.reloadingCertificate(ServerSetup.reloader(spec, setup.listeners()), serverTls));
        List<String> jvm = Footprint.apply();
        if (!jvm.isEmpty()) org.slf4j.LoggerFactory.getLogger(ServerCommand.class).debug("heap settings: {}", String.join(" ", jvm));
        server.start(loop);
        loop.start();
        for (int i = 0; i < bound.size(); i++) {
            InetSocketAddress a = bound.get(i);
            System.err.println("chat.jar server listening on " + a.getHostString() + ":" + a.getPort() + " ("
                    + describe(listeners.get(i), a, serverTls) + ")");
        }

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
